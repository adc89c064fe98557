package care.ketamine.session.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PairingCodeTest {

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(nullValues = "-", delimiter = '|', value = {
            "7KQ2M9XD        | 7KQ2-M9XD",
            "7kq2-m9xd       | 7KQ2-M9XD",
            "' 7KQ2 M9XD '   | 7KQ2-M9XD",
            "7-K-Q-2-M-9-X-D | 7KQ2-M9XD",
            "7KQ2M9X         | -",
            "7KQ2M9XDD       | -",
            "7KQ2M9X0        | -",
            "OKQ2M9XD        | -",
            "IKQ2M9XD        | -",
            "7KQ2M9X!        | -",
            "''              | -",
            "-               | -",
    })
    void shouldReadWhatSomeoneTyped(String typed, String shown) {
        assertThat(PairingCode.read(typed).map(PairingCode::shown).orElse(null)).isEqualTo(shown);
    }

    @Test
    void shouldNotReadSomethingLongEvenIfItHoldsACode() {
        assertThat(PairingCode.read("7KQ2M9XD" + " ".repeat(40))).isEmpty();
    }

    @Test
    void shouldDrawCodesOfTheAlphabetOnly() {
        Random random = new Random(7);
        Set<String> drawn = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            PairingCode code = PairingCode.draw(random);
            assertThat(code.characters()).hasSize(8).matches("[" + PairingCode.ALPHABET + "]{8}");
            drawn.add(code.characters());
        }
        assertThat(drawn).hasSize(2000);
    }

    @Test
    void shouldStoreADigestThatDoesNotHoldTheCode() {
        PairingCode code = PairingCode.read("7KQ2M9XD").orElseThrow();

        assertThat(code.digest()).hasSize(64).doesNotContain("7KQ2").isEqualTo(PairingCode.read("7kq2-m9xd").orElseThrow().digest());
        assertThat(code.digest()).isNotEqualTo(PairingCode.read("7KQ2M9XE").orElseThrow().digest());
        assertThat(code.toString()).doesNotContain("7KQ2");
    }

    @Test
    void shouldRefuseToBeBuiltFromAnythingElse() {
        assertThatThrownBy(() -> new PairingCode("7kq2m9xd")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PairingCode(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
