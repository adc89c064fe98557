package care.ketamine.vitals.session;

import care.ketamine.contracts.sessions.SessionStates;
import care.ketamine.platform.problem.ProblemException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SessionGateTest {

    @ParameterizedTest
    @ValueSource(strings = {"CHECKED_IN", "HELD", "PRE_DOSE_CHECK", "DOSE_AUTHORIZED", "DOSED", "MONITORING", "RECOVERED", "ENDED_EARLY"})
    void shouldAdmitADeviceNotRevokedInEveryActiveStateIncludingADosedSessionAbortedEarly(String state) {
        assertThat(SessionStates.ACTIVE).contains(state);
        assertThat(SessionGate.mayPost(state, false)).isTrue();
        SessionGate.admit(state, false);
    }

    @ParameterizedTest
    @ValueSource(strings = {"COMPLETED", "ABORTED", "CANCELLED", "HANDED_OVER", "SCHEDULED"})
    @NullSource
    void shouldRefuseWith409OnceTheSessionHasEndedOrBeforeCheckIn(String state) {
        assertThat(SessionGate.mayPost(state, false)).isFalse();
        assertThatThrownBy(() -> SessionGate.admit(state, false)).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.problem().status()).isEqualTo(409));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ENDED_EARLY", "MONITORING", "CHECKED_IN"})
    void shouldRefuseARevokedDeviceWith403WhileTheSessionIsActive(String state) {
        assertThat(SessionGate.mayPost(state, true)).isFalse();
        assertThatThrownBy(() -> SessionGate.admit(state, true)).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.problem().status()).isEqualTo(403));
    }
}
