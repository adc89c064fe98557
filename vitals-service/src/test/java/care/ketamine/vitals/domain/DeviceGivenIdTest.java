package care.ketamine.vitals.domain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The rule every id a device chooses keeps (readings, check-ins, sitter presence changes). */
class DeviceGivenIdTest {

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "r-0001             | ''",
            "lectura 7 é        | ''",
            "null               | is required",
            "'   '              | is required",
            "TAB                | must not contain control characters",
            "NUL                | must not contain control characters",
            "DEL                | must not contain control characters",
            "LONG               | must be at most 100 characters",
            "AT_LIMIT           | ''",
    })
    void shouldRefuseAMissingOverlongOrControlCharacterId(String given, String rule) {
        String id = given == null ? null : switch (given) {
            case "TAB" -> "r\t1";
            case "NUL" -> "r-\u0000";
            case "DEL" -> "\u007f";
            case "LONG" -> "x".repeat(101);
            case "AT_LIMIT" -> "x".repeat(100);
            default -> given;
        };
        List<RuleBreach> breaches = new ArrayList<>();

        DeviceGivenId.check(breaches, "checkInId", id);

        assertThat(breaches).isEqualTo(rule.isEmpty() ? List.of() : List.of(new RuleBreach("checkInId", rule)));
        assertThat(DeviceGivenId.keepsTheRule(id)).isEqualTo(rule.isEmpty());
    }
}
