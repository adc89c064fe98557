package care.ketamine.session.domain;

import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ClinicianProfileTest {

    private static final List<WeeklyHours> WEEKDAYS = List.of(
            new WeeklyHours(DayOfWeek.MONDAY, LocalTime.of(9, 0), LocalTime.of(17, 0)),
            new WeeklyHours(DayOfWeek.THURSDAY, LocalTime.of(12, 0), LocalTime.of(20, 0)));

    @Test
    void shouldAcceptAPrescriberLicensedInTwoStates() {
        ClinicianProfile profile = new ClinicianProfile("dr.okafor", "Dr Ada Okafor", LicenceType.MD, Set.of("CA", "OR"),
                "America/Los_Angeles", WEEKDAYS, true);

        assertThat(profile.problems()).isEmpty();
        assertThat(LicenceType.MD.prescriber()).isTrue();
        assertThat(LicenceType.LCSW.prescriber()).isFalse();
    }

    @Test
    void shouldListEveryProblem() {
        ClinicianProfile profile = new ClinicianProfile("x", "Dr X", LicenceType.NP, Set.of("CA", "ZZ"), "Pacific",
                List.of(new WeeklyHours(DayOfWeek.MONDAY, LocalTime.of(17, 0), LocalTime.of(9, 0))), true);

        assertThat(profile.problems()).extracting(Breach::field)
                .containsExactly("id", "licensedStates", "timezone", "availability[0]");
        assertThat(profile.problems()).extracting(Breach::rule).contains("ZZ is not a US state's two-letter code");
    }
}
