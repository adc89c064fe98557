package care.ketamine.alerting.alert;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Which alerts the list asks the database for, by the roles a token holds. */
class ViewerTest {

    @ParameterizedTest(name = "{0}: own sessions {1}, paged to them {2}, recorded as {3}")
    @CsvSource({
            "admin,                  false, false, admin",
            "admin clinician,        false, false, admin",
            "clinician,              true,  false, clinician",
            "on-call,                false, true,  on-call",
            "clinician on-call,      true,  true,  clinician",
            "on-call clinician,      true,  true,  clinician"
    })
    void shouldSeeWhatEveryRoleHeldLetsThemSee(String held, boolean ownSessions, boolean pagedToThem, String recorded) {
        Set<String> roles = Arrays.stream(held.split(" ")).collect(Collectors.toSet());
        Viewer viewer = Viewer.of("staff-1", roles);
        assertThat(viewer.clinicianFilter()).isEqualTo(ownSessions ? "staff-1" : null);
        assertThat(viewer.notifiedFilter()).isEqualTo(pagedToThem ? "staff-1" : null);
        assertThat(viewer.role()).isEqualTo(recorded);
        assertThat(viewer.asActor().roles()).isEqualTo(roles);
    }
}
