package care.ketamine.session.console;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class PatientShownTest {

    private static final UUID ID = UUID.fromString("0b5e4c1d-9a7f-4e2b-8c3d-1f2e3d4c5b6a");
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 28);

    @Test
    void shouldNameThePatientWithTheirAgeInWholeYearsOrFallBackToTheShortId() {
        // given, family, birth date -> shown
        assertThat(PatientShown.of(ID, "Alex", "Rivera", LocalDate.of(1986, 4, 12), TODAY)).isEqualTo(new PatientShown("Alex Rivera", 40));
        assertThat(PatientShown.of(ID, "Alex", "Rivera", LocalDate.of(1986, 11, 28), TODAY)).as("the birthday itself")
                .isEqualTo(new PatientShown("Alex Rivera", 40));
        assertThat(PatientShown.of(ID, "Alex", "Rivera", LocalDate.of(1986, 11, 29), TODAY)).as("the day before it")
                .isEqualTo(new PatientShown("Alex Rivera", 39));
        assertThat(PatientShown.of(ID, " Alex ", " Rivera ", null, TODAY)).as("no birth date: no age")
                .isEqualTo(new PatientShown("Alex Rivera", null));
        assertThat(PatientShown.of(ID, null, "Rivera", LocalDate.of(1986, 4, 12), TODAY)).isEqualTo(new PatientShown("Rivera", 40));
        assertThat(PatientShown.of(ID, null, null, null, TODAY)).as("a plan from before names").isEqualTo(new PatientShown("0b5e4c1d", null));
        assertThat(PatientShown.of(ID, " ", "", null, TODAY)).as("blank names").isEqualTo(new PatientShown("0b5e4c1d", null));
        assertThat(PatientShown.of(ID, "Alex", "Rivera", TODAY.plusDays(1), TODAY)).as("a birth date in the future is no age")
                .isEqualTo(new PatientShown("Alex Rivera", null));
    }
}
