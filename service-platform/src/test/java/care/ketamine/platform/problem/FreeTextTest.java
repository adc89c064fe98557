package care.ketamine.platform.problem;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A field's limit holds in characters and in UTF-8 bytes, both; over either, 400 names the field and the limit. */
class FreeTextTest {

    private static final FreeText TEN_BY_TWENTY = new FreeText(10, 20);

    @ParameterizedTest(name = "{0} x{1}: fits={2}")
    @CsvSource({
            // text, repeat, fits
            "a, 10, true",
            "a, 11, false",
            "é, 10, true",           // 2 bytes each: 20 bytes
            "語, 6, true",            // 3 bytes each: 18 bytes
            "語, 7, false",           // 7 characters but 21 bytes
            "\uD83D\uDE91, 5, true",  // an ambulance: one character, two UTF-16 units, 4 bytes
            "\uD83D\uDE91, 6, false", // 6 characters, 24 bytes
    })
    void shouldHoldBothLimits(String text, int repeat, boolean fits) {
        assertThat(TEN_BY_TWENTY.fits(text.repeat(repeat))).isEqualTo(fits);
    }

    @Test
    void shouldLeaveAnAbsentValueToTheCallersOwnRule() {
        assertThat(TEN_BY_TWENTY.fits(null)).isTrue();
        assertThat(TEN_BY_TWENTY.check("note", null)).isNull();
    }

    @Test
    void shouldRefuseWithTheFieldAndItsLimit() {
        assertThatThrownBy(() -> TEN_BY_TWENTY.refuseIfTooLong("comment", "x".repeat(11), "The comment is too long"))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().status()).isEqualTo(400);
                    assertThat(e.problem().violations()).containsExactly(
                            new Problem.Violation("comment", "at most 10 characters and 20 bytes (UTF-8)"));
                });
    }

    @Test
    void shouldListEveryFieldOverItsLimitTogether() {
        assertThatThrownBy(() -> FreeText.fields()
                .check(FreeText.NAME, "label", "l".repeat(201))
                .check(FreeText.NAME, "fine", "ok")
                .check(FreeText.REASON, "reason", "r".repeat(1_001))
                .orRefuse("Too long"))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().violations())
                        .extracting(Problem.Violation::field).containsExactly("label", "reason"));
    }

    @Test
    void shouldNotAcceptALimitOfFewerBytesThanCharacters() {
        assertThatThrownBy(() -> new FreeText(10, 9)).isInstanceOf(IllegalArgumentException.class);
    }
}
