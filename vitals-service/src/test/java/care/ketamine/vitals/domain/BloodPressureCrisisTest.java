package care.ketamine.vitals.domain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class BloodPressureCrisisTest {

    @ParameterizedTest(name = "{0}/{1} in crisis: {2}")
    @CsvSource(nullValues = "-", value = {
            "180, 120, false",  // the bounds themselves are not a crisis
            "181, 80,  true",
            "150, 121, true",
            "181, 121, true",
            "-,   -,   false",  // an oximeter's reading has no blood pressure
            "179, 119, false",
    })
    void shouldFindACrisisAbove180Over120(Integer systolic, Integer diastolic, boolean crisis) {
        assertThat(BloodPressureCrisis.inCrisis(systolic, diastolic)).isEqualTo(crisis);
    }
}
