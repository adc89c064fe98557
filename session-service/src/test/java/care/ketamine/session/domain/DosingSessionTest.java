package care.ketamine.session.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DosingSessionTest {

    private static final Instant T0 = Instant.parse("2026-11-26T15:00:00Z");
    private static final GateLimits GATE = new GateLimits(160, 90, 100);
    private static final String SITTER = "Sam Rivera";

    private static GateReading reading(int systolic, int diastolic, Integer heartRate, Instant at) {
        return new GateReading(systolic, diastolic, heartRate, at);
    }

    /** Every action, done the way that would succeed if the state allowed it (monitoring long enough). */
    private static final Map<String, BiFunction<DosingSession, Instant, Transition>> ACTIONS = Map.of(
            "checkIn", (s, now) -> s.checkIn(true, true, SITTER, "dr", now),
            "runGate", (s, now) -> s.runGate(reading(128, 82, 72, now.minusSeconds(60)), "dr", now),
            "authorizeDose", (s, now) -> s.authorizeDose("dr", now),
            "startMonitoring", (s, now) -> s.startMonitoring("dr", now),
            "confirmRecovery", (s, now) -> s.confirmRecovery(true, true, true, "dr", now),
            "complete", (s, now) -> s.complete("dr", now),
            "abort", (s, now) -> s.abort("patient unwell", "dr", now),
            "cancel", (s, now) -> s.cancel("patient asked", "dr", now));

    /** The only legal moves: state -> action -> next state. */
    private static final Map<SessionState, Map<String, SessionState>> LEGAL = Map.of(
            SessionState.SCHEDULED, Map.of("checkIn", SessionState.CHECKED_IN),
            SessionState.CHECKED_IN, Map.of("runGate", SessionState.PRE_DOSE_CHECK),
            SessionState.HELD, Map.of("runGate", SessionState.PRE_DOSE_CHECK),
            SessionState.PRE_DOSE_CHECK, Map.of("authorizeDose", SessionState.DOSED),
            SessionState.DOSED, Map.of("startMonitoring", SessionState.MONITORING),
            SessionState.MONITORING, Map.of("confirmRecovery", SessionState.RECOVERED),
            SessionState.RECOVERED, Map.of("complete", SessionState.COMPLETED));

    /** A session brought to the given state along the legal path, and the time it got there. */
    private static DosingSession at(SessionState target) {
        DosingSession s = DosingSession.scheduled(SITTER, GATE);
        Instant now = T0;
        if (target == SessionState.SCHEDULED) {
            return s;
        }
        if (target == SessionState.ABORTED || target == SessionState.CANCELLED) {
            (target == SessionState.ABORTED ? ACTIONS.get("abort") : ACTIONS.get("cancel")).apply(s, now);
            return s;
        }
        s.checkIn(true, true, SITTER, "dr", now);
        if (target == SessionState.CHECKED_IN) {
            return s;
        }
        if (target == SessionState.HELD) {
            s.runGate(reading(172, 95, 80, now.minusSeconds(30)), "dr", now);
            return s;
        }
        for (String step : List.of("runGate", "authorizeDose", "startMonitoring", "confirmRecovery", "complete")) {
            now = step.equals("confirmRecovery") ? T0.plus(Duration.ofMinutes(121)) : now;
            ACTIONS.get(step).apply(s, now);
            if (s.state() == target) {
                return s;
            }
        }
        return s;
    }

    static Stream<Arguments> everyStateAndAction() {
        List<Arguments> cases = new ArrayList<>();
        for (SessionState state : SessionState.values()) {
            for (String action : ACTIONS.keySet()) {
                cases.add(Arguments.of(state, action));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{1} from {0}")
    @MethodSource("everyStateAndAction")
    void shouldAllowOnlyTheLegalTransitions(SessionState state, String action) {
        DosingSession session = at(state);
        assertThat(session.state()).isEqualTo(state);
        // Late enough for every time rule (recheck after 5 min, monitoring 120 min after the dose).
        Instant now = T0.plus(Duration.ofMinutes(200));
        boolean endsIt = action.equals("abort") || action.equals("cancel");
        SessionState expected = endsIt
                ? (state.ended() ? null : (action.equals("abort") ? SessionState.ABORTED : SessionState.CANCELLED))
                : LEGAL.getOrDefault(state, Map.of()).get(action);

        if (expected == null) {
            assertThatThrownBy(() -> ACTIONS.get(action).apply(session, now)).isInstanceOf(IllegalTransition.class);
            assertThat(session.state()).as("an illegal step changes nothing").isEqualTo(state);
        } else {
            Transition t = ACTIONS.get(action).apply(session, now);
            assertThat(t.from()).isEqualTo(state);
            assertThat(t.to()).isEqualTo(expected);
            assertThat(t.actor()).isEqualTo("dr");
            assertThat(t.at()).isEqualTo(now);
            assertThat(session.state()).isEqualTo(expected);
        }
    }

    @Test
    void shouldRecordEveryStepOfAWholeSession() {
        DosingSession s = at(SessionState.COMPLETED);

        assertThat(s.history()).extracting(Transition::to).containsExactly(SessionState.CHECKED_IN,
                SessionState.PRE_DOSE_CHECK, SessionState.DOSED, SessionState.MONITORING, SessionState.RECOVERED,
                SessionState.COMPLETED);
        assertThat(s.dosedAt()).isEqualTo(T0);
        assertThat(s.preDoseReading().systolic()).isEqualTo(128);
    }

    @Test
    void shouldNotCheckInWithoutThePatientADeviceAndTheNamedSitter() {
        DosingSession s = DosingSession.scheduled(SITTER, GATE);

        assertThatThrownBy(() -> s.checkIn(false, false, "Someone Else", "dr", T0))
                .isInstanceOf(IllegalTransition.class)
                .hasMessageContaining("not online").hasMessageContaining("no device")
                .hasMessageContaining("confirmed by name");
        assertThat(s.checkIn(true, true, "  sam   RIVERA ", "dr", T0).to()).isEqualTo(SessionState.CHECKED_IN);
    }

    @Test
    void shouldHoldOnAHighReadingAndAllowARecheckOnlyAfterFiveMinutes() {
        DosingSession s = at(SessionState.CHECKED_IN);

        Transition held = s.runGate(reading(161, 85, 80, T0.minusSeconds(60)), "dr", T0);
        assertThat(held.to()).isEqualTo(SessionState.HELD);
        assertThat(held.reason()).contains("BP 161/85 is above 160/90");

        Instant tooSoon = T0.plus(Duration.ofMinutes(4));
        assertThatThrownBy(() -> s.runGate(reading(130, 80, 80, tooSoon), "dr", tooSoon))
                .isInstanceOf(IllegalTransition.class).hasMessageContaining("5 minutes after the hold");

        Instant later = T0.plus(Duration.ofMinutes(5));
        assertThat(s.runGate(reading(150, 88, 101, later), "dr", later).reason()).contains("heart rate 101 is above 100");
        Instant again = later.plus(Duration.ofMinutes(5));
        assertThat(s.runGate(reading(150, 88, 96, again), "dr", again).to()).isEqualTo(SessionState.PRE_DOSE_CHECK);
    }

    @Test
    void shouldHoldOnAStaleOrMissingReadingAndOnAReadingWithoutHeartRate() {
        DosingSession none = at(SessionState.CHECKED_IN);
        assertThat(none.runGate(null, "dr", T0).reason()).contains("no reading measured in the last 15 minutes");
        assertThat(none.state()).isEqualTo(SessionState.HELD);

        DosingSession stale = at(SessionState.CHECKED_IN);
        assertThat(stale.runGate(reading(120, 80, 70, T0.minus(Duration.ofMinutes(16))), "dr", T0).to())
                .isEqualTo(SessionState.HELD);

        DosingSession fresh = at(SessionState.CHECKED_IN);
        assertThat(fresh.runGate(reading(120, 80, 70, T0.minus(Duration.ofMinutes(15))), "dr", T0).to())
                .isEqualTo(SessionState.PRE_DOSE_CHECK);

        DosingSession noPulse = at(SessionState.CHECKED_IN);
        assertThat(noPulse.runGate(reading(120, 80, null, T0), "dr", T0).reason()).contains("no heart rate");
    }

    @Test
    void shouldAcceptTheGateAtExactlyItsLimits() {
        DosingSession s = at(SessionState.CHECKED_IN);

        assertThat(s.runGate(reading(160, 90, 100, T0), "dr", T0).to()).isEqualTo(SessionState.PRE_DOSE_CHECK);
    }

    @Test
    void shouldRefuseToEndMonitoringBefore120MinutesOrWithoutEveryCriterion() {
        DosingSession s = at(SessionState.MONITORING);

        Instant early = T0.plus(Duration.ofMinutes(119));
        assertThatThrownBy(() -> s.confirmRecovery(true, true, true, "dr", early)).hasMessageContaining("120 minutes");
        Instant late = T0.plus(Duration.ofMinutes(120));
        assertThatThrownBy(() -> s.confirmRecovery(false, true, false, "dr", late))
                .hasMessageContaining("not near baseline").hasMessageContaining("sitter is not present");
        assertThat(s.confirmRecovery(true, true, true, "dr", late).to()).isEqualTo(SessionState.RECOVERED);
    }

    @Test
    void shouldShortenEveryProtocolTimeWhenCompressedForADemonstration() {
        ProtocolTimes sixtyFold = ProtocolTimes.compressedBy(60);
        assertThat(sixtyFold.minMonitoring()).isEqualTo(Duration.ofMinutes(2));
        assertThat(sixtyFold.gateReadingMaxAge()).isEqualTo(Duration.ofSeconds(15));
        assertThat(sixtyFold.recheckAfter()).isEqualTo(Duration.ofSeconds(5));
        assertThat(ProtocolTimes.compressedBy(1)).isEqualTo(ProtocolTimes.STANDARD);
        assertThatThrownBy(() -> ProtocolTimes.compressedBy(0)).isInstanceOf(IllegalArgumentException.class);

        DosingSession s = new DosingSession(sixtyFold, SessionState.MONITORING, SITTER, GATE, null, T0);
        assertThatThrownBy(() -> s.confirmRecovery(true, true, true, "dr", T0.plusSeconds(119)))
                .hasMessageContaining("2 minutes after the dose");
        assertThat(s.confirmRecovery(true, true, true, "dr", T0.plusSeconds(120)).to()).isEqualTo(SessionState.RECOVERED);

        DosingSession stale = new DosingSession(sixtyFold, SessionState.CHECKED_IN, SITTER, GATE, null, null);
        assertThat(stale.runGate(reading(120, 80, 70, T0.minusSeconds(16)), "dr", T0).reason())
                .contains("no reading measured in the last 15.0 seconds");
    }

    @Test
    void shouldNeedAReasonToAbortOrCancel() {
        for (SessionState state : EnumSet.complementOf(EnumSet.of(SessionState.COMPLETED, SessionState.ABORTED,
                SessionState.CANCELLED))) {
            DosingSession s = at(state);
            assertThatThrownBy(() -> s.abort(" ", "dr", T0)).hasMessageContaining("reason");
            assertThatThrownBy(() -> s.cancel(null, "dr", T0)).hasMessageContaining("reason");
            assertThat(s.state()).isEqualTo(state);
        }
        assertThat(Set.of(SessionState.values())).hasSize(10);
    }
}
