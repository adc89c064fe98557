package care.ketamine.session.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
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

    /** Everything a dose is checked against, all good at {@code now}. */
    private static DoseChecks goodChecks(Instant now) {
        return new DoseChecks(new GateReading(128, 82, 72, 97, now.minusSeconds(60)), List.of(),
                new SitterLook(5, true, now.minusSeconds(120)), 94);
    }

    /** A discharge proposal with every criterion met. */
    private static DischargeProposal allMet(Instant now) {
        return new DischargeProposal(now, DischargeProposal.NAMES.stream()
                .map(n -> new DischargeProposal.Criterion(n, true, "fine", !n.equals(DischargeProposal.FLOOR))).toList());
    }

    private static DischargeProposal unmet(Instant now, String criterion, String figures) {
        return new DischargeProposal(now, DischargeProposal.NAMES.stream()
                .map(n -> new DischargeProposal.Criterion(n, !n.equals(criterion), n.equals(criterion) ? figures : "fine",
                        !n.equals(DischargeProposal.FLOOR))).toList());
    }

    private static final Handover HANDOVER = new Handover("911", T0, "chest pain");

    /** Every action, done the way that would succeed if the state allowed it. */
    private static final Map<String, BiFunction<DosingSession, Instant, Transition>> ACTIONS = new LinkedHashMap<>();

    static {
        ACTIONS.put("checkIn", (s, now) -> s.checkIn(true, true, SITTER, "dr", now));
        ACTIONS.put("runGate", (s, now) -> s.runGate(reading(128, 82, 72, now.minusSeconds(60)), "dr", now));
        ACTIONS.put("authorizeDose", (s, now) -> s.authorizeDose(goodChecks(now), "dr", now));
        ACTIONS.put("tabletTaken", (s, now) -> s.tabletTaken("the clinician dr", "dr", now));
        ACTIONS.put("startMonitoring", (s, now) -> s.startMonitoring("dr", now));
        ACTIONS.put("confirmRecovery", (s, now) -> s.confirmRecovery(allMet(now), List.of(), "dr", now));
        ACTIONS.put("complete", (s, now) -> s.complete(List.of(), "dr", now));
        ACTIONS.put("discharge", (s, now) -> s.discharge(allMet(now), List.of(), "dr", now));
        ACTIONS.put("handOver", (s, now) -> s.handOver(new Handover("911", now, "chest pain"), "dr", now));
        ACTIONS.put("abort", (s, now) -> s.abort("patient unwell", "dr", now));
        ACTIONS.put("cancel", (s, now) -> s.cancel("patient asked", "dr", now));
    }

    private static final Set<SessionState> AFTER_TABLET =
            EnumSet.of(SessionState.DOSED, SessionState.MONITORING, SessionState.RECOVERED, SessionState.ENDED_EARLY);

    /** The legal moves other than abort, cancel and handover: state -> action -> next state. */
    private static final Map<SessionState, Map<String, SessionState>> LEGAL = Map.of(
            SessionState.SCHEDULED, Map.of("checkIn", SessionState.CHECKED_IN),
            SessionState.CHECKED_IN, Map.of("runGate", SessionState.PRE_DOSE_CHECK),
            SessionState.HELD, Map.of("runGate", SessionState.PRE_DOSE_CHECK),
            SessionState.PRE_DOSE_CHECK, Map.of("authorizeDose", SessionState.DOSE_AUTHORIZED),
            SessionState.DOSE_AUTHORIZED, Map.of("tabletTaken", SessionState.DOSED),
            SessionState.DOSED, Map.of("startMonitoring", SessionState.MONITORING),
            SessionState.MONITORING, Map.of("confirmRecovery", SessionState.RECOVERED),
            SessionState.RECOVERED, Map.of("complete", SessionState.COMPLETED),
            SessionState.ENDED_EARLY, Map.of("discharge", SessionState.ABORTED));

    /** A session at a state reached along the legal path, and when it got there. */
    private record Reached(DosingSession session, Instant at) {
    }

    private static Reached at(SessionState target) {
        DosingSession s = DosingSession.scheduled(SITTER, GATE);
        if (target == SessionState.SCHEDULED) {
            return new Reached(s, T0);
        }
        if (target == SessionState.ABORTED || target == SessionState.CANCELLED) {
            ACTIONS.get(target == SessionState.ABORTED ? "abort" : "cancel").apply(s, T0);
            return new Reached(s, T0);
        }
        s.checkIn(true, true, SITTER, "dr", T0);
        s.addressConfirmedAt(T0);
        if (target == SessionState.HELD) {
            s.runGate(reading(172, 95, 80, T0.minusSeconds(30)), "dr", T0);
            return new Reached(s, T0);
        }
        Map<String, Instant> path = new LinkedHashMap<>();
        path.put("runGate", T0);
        path.put("authorizeDose", T0.plus(Duration.ofMinutes(1)));
        path.put("tabletTaken", T0.plus(Duration.ofMinutes(2)));
        path.put("startMonitoring", T0.plus(Duration.ofMinutes(3)));
        path.put("confirmRecovery", T0.plus(Duration.ofMinutes(123)));
        path.put("complete", T0.plus(Duration.ofMinutes(124)));
        Instant when = T0;
        SessionState stopAt = target == SessionState.ENDED_EARLY || target == SessionState.HANDED_OVER
                ? SessionState.MONITORING : target;
        for (var step : path.entrySet()) {
            if (s.state() == stopAt) {
                break;
            }
            when = step.getValue();
            ACTIONS.get(step.getKey()).apply(s, when);
        }
        if (target == SessionState.ENDED_EARLY) {
            when = T0.plus(Duration.ofMinutes(4));
            s.abort("patient asked to stop", "dr", when);
        } else if (target == SessionState.HANDED_OVER) {
            when = T0.plus(Duration.ofMinutes(4));
            s.handOver(new Handover("911", when, "chest pain"), "dr", when);
        }
        return new Reached(s, when);
    }

    /** Late enough for the action's time rule (recheck after 5 minutes, discharge 120 after the tablet), within the windows. */
    private static Instant when(String action, Instant reached) {
        return reached.plus(switch (action) {
            case "runGate" -> Duration.ofMinutes(6);
            case "confirmRecovery", "discharge" -> Duration.ofMinutes(121);
            default -> Duration.ofMinutes(1);
        });
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

    private static SessionState expected(SessionState state, String action) {
        return switch (action) {
            case "abort" -> state.ended() || state == SessionState.ENDED_EARLY ? null
                    : AFTER_TABLET.contains(state) ? SessionState.ENDED_EARLY : SessionState.ABORTED;
            case "cancel" -> state.ended() || AFTER_TABLET.contains(state) ? null : SessionState.CANCELLED;
            case "handOver" -> AFTER_TABLET.contains(state) ? SessionState.HANDED_OVER : null;
            default -> LEGAL.getOrDefault(state, Map.of()).get(action);
        };
    }

    @ParameterizedTest(name = "{1} from {0}")
    @MethodSource("everyStateAndAction")
    void shouldAllowOnlyTheLegalTransitions(SessionState state, String action) {
        Reached reached = at(state);
        DosingSession session = reached.session();
        assertThat(session.state()).isEqualTo(state);
        Instant now = when(action, reached.at());
        SessionState expected = expected(state, action);

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

    @ParameterizedTest
    @EnumSource(SessionState.class)
    void shouldOfferExactlyTheStepsTheStateAllows(SessionState state) {
        Map<String, String> stepOfAction = Map.of("checkIn", "check-in", "runGate", "gate", "authorizeDose", "dose",
                "tabletTaken", "tablet-taken", "startMonitoring", "monitoring", "confirmRecovery", "recovery",
                "complete", "complete", "discharge", "discharge", "handOver", "handover", "abort", "abort");
        Map<String, String> actionOfStep = new java.util.HashMap<>();
        stepOfAction.forEach((action, step) -> actionOfStep.put(step, action));
        actionOfStep.put("cancel", "cancel");
        List<String> offered = DosingSession.nextSteps(state);

        assertThat(offered).as("every step offered is legal")
                .allMatch(step -> expected(state, actionOfStep.get(step)) != null);
        stepOfAction.forEach((action, step) -> {
            if (expected(state, action) != null && state != SessionState.SCHEDULED) {
                assertThat(offered).as("a legal " + step + " is offered").contains(step);
            }
        });
        assertThat(state.ended()).isEqualTo(care.ketamine.contracts.sessions.SessionStates.ENDED.contains(state.name()));
    }

    @Test
    void shouldRecordEveryStepOfAWholeSessionWithTheDoseTimeWhenTheTabletWasTaken() {
        DosingSession s = at(SessionState.COMPLETED).session();

        assertThat(s.history()).extracting(Transition::to).containsExactly(SessionState.CHECKED_IN,
                SessionState.PRE_DOSE_CHECK, SessionState.DOSE_AUTHORIZED, SessionState.DOSED, SessionState.MONITORING,
                SessionState.RECOVERED, SessionState.COMPLETED);
        assertThat(s.authorizedAt()).isEqualTo(T0.plus(Duration.ofMinutes(1)));
        assertThat(s.dosedAt()).isEqualTo(T0.plus(Duration.ofMinutes(2)));
        assertThat(s.tabletConfirmedBy()).isEqualTo("the clinician dr");
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
        DosingSession s = at(SessionState.CHECKED_IN).session();

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
        DosingSession none = at(SessionState.CHECKED_IN).session();
        assertThat(none.runGate(null, "dr", T0).reason()).contains("no blood pressure measured in the last 15 minutes");
        assertThat(none.state()).isEqualTo(SessionState.HELD);

        DosingSession stale = at(SessionState.CHECKED_IN).session();
        assertThat(stale.runGate(reading(120, 80, 70, T0.minus(Duration.ofMinutes(16))), "dr", T0).to())
                .isEqualTo(SessionState.HELD);

        DosingSession fresh = at(SessionState.CHECKED_IN).session();
        assertThat(fresh.runGate(reading(120, 80, 70, T0.minus(Duration.ofMinutes(15))), "dr", T0).to())
                .isEqualTo(SessionState.PRE_DOSE_CHECK);

        DosingSession noPulse = at(SessionState.CHECKED_IN).session();
        assertThat(noPulse.runGate(reading(120, 80, null, T0), "dr", T0).reason()).contains("no heart rate");
    }

    @Test
    void shouldAcceptTheGateAtExactlyItsLimits() {
        DosingSession s = at(SessionState.CHECKED_IN).session();

        assertThat(s.runGate(reading(160, 90, 100, T0), "dr", T0).to()).isEqualTo(SessionState.PRE_DOSE_CHECK);
    }

    // --- The dose: everything checked again at the moment it is authorized -------------------------

    private static final Instant DOSE_AT = T0.plus(Duration.ofMinutes(10));

    static Stream<Arguments> doseRefusals() {
        GateReading fine = new GateReading(128, 82, 72, 97, DOSE_AT.minusSeconds(60));
        SitterLook present = new SitterLook(5, true, DOSE_AT.minusSeconds(60));
        return Stream.of(
                Arguments.of("no reading at all", new DoseChecks((GateReading) null, List.of(), present, 94),
                        "no blood pressure measured in the last 15 minutes"),
                Arguments.of("a reading 16 minutes old", new DoseChecks(new GateReading(128, 82, 72, 97,
                        DOSE_AT.minus(Duration.ofMinutes(16))), List.of(), present, 94), "no blood pressure measured in the last 15 minutes"),
                Arguments.of("a crisis reading after the gate passed", new DoseChecks(new GateReading(186, 121, 88, 97,
                        DOSE_AT.minusSeconds(30)), List.of(), present, 94), "BP 186/121"),
                Arguments.of("diastolic above the gate", new DoseChecks(new GateReading(150, 91, 80, 97,
                        DOSE_AT.minusSeconds(30)), List.of(), present, 94), "is above 160/90"),
                Arguments.of("heart rate above the gate", new DoseChecks(new GateReading(128, 82, 101, 97,
                        DOSE_AT.minusSeconds(30)), List.of(), present, 94), "heart rate 101"),
                Arguments.of("no heart rate", new DoseChecks(new GateReading(128, 82, null, 97,
                        DOSE_AT.minusSeconds(30)), List.of(), present, 94), "no heart rate"),
                Arguments.of("SpO2 below the default floor", new DoseChecks(new GateReading(128, 82, 72, 93,
                        DOSE_AT.minusSeconds(30)), List.of(), present, 94), "SpO2 93 % at"),
                Arguments.of("SpO2 below a stricter plan floor", new DoseChecks(new GateReading(128, 82, 72, 95,
                        DOSE_AT.minusSeconds(30)), List.of(), present, 96), "is below 96 %"),
                Arguments.of("an unresolved WARNING alert", new DoseChecks(fine, List.of(new OpenAlert("a1", "bp-rise",
                        "WARNING", "OPEN")), present, 94), "alert bp-rise (WARNING, OPEN) is unresolved"),
                Arguments.of("an acknowledged CRITICAL alert", new DoseChecks(fine, List.of(new OpenAlert("a2", "spo2-low",
                        "CRITICAL", "ACKNOWLEDGED")), present, 94), "alert spo2-low (CRITICAL, ACKNOWLEDGED) is unresolved"),
                Arguments.of("the sitter's latest check-in says absent", new DoseChecks(fine, List.of(),
                        new SitterLook(5, false, DOSE_AT.minusSeconds(60)), 94), "says they are not present"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("doseRefusals")
    void shouldRefuseTheDoseOnEachCauseAndChangeNothing(String cause, DoseChecks checks, String named) {
        DosingSession s = at(SessionState.PRE_DOSE_CHECK).session();

        assertThatThrownBy(() -> s.authorizeDose(checks, "dr", DOSE_AT)).isInstanceOf(IllegalTransition.class)
                .hasMessageContaining(named)
                .satisfies(e -> assertThat(((IllegalTransition) e).reasons()).anyMatch(r -> r.contains(named)));
        assertThat(s.state()).isEqualTo(SessionState.PRE_DOSE_CHECK);
        assertThat(s.authorizedAt()).isNull();
        assertThat(s.dosedAt()).isNull();
    }

    @Test
    void shouldRefuseTheDoseUntilTheDosingAddressIsConfirmedForTheSession() {
        DosingSession s = DosingSession.scheduled(SITTER, GATE);
        s.checkIn(true, true, SITTER, "dr", T0);
        s.runGate(reading(128, 82, 72, T0.minusSeconds(60)), "dr", T0);
        Instant now = T0.plus(Duration.ofMinutes(1));

        assertThatThrownBy(() -> s.authorizeDose(goodChecks(now), "dr", now)).isInstanceOf(IllegalTransition.class)
                .satisfies(e -> assertThat(((IllegalTransition) e).reasons())
                        .containsExactly(DosingSession.ADDRESS_NOT_CONFIRMED));
        assertThat(s.state()).isEqualTo(SessionState.PRE_DOSE_CHECK);
        assertThat(s.authorizedAt()).isNull();

        assertThat(s.addressConfirmedAt(now).authorizeDose(goodChecks(now), "dr", now).to())
                .isEqualTo(SessionState.DOSE_AUTHORIZED);
    }

    @Test
    void shouldRefuseTheDoseWhenTheGateResultIsOlderThan15Minutes() {
        DosingSession s = at(SessionState.PRE_DOSE_CHECK).session();
        Instant late = T0.plus(Duration.ofMinutes(15));

        assertThatThrownBy(() -> s.authorizeDose(goodChecks(late), "dr", late))
                .hasMessageContaining("the gate result is older than 15 minutes");
        Instant inTime = T0.plus(Duration.ofMinutes(15)).minusMillis(1);
        assertThat(s.authorizeDose(goodChecks(inTime), "dr", inTime).to()).isEqualTo(SessionState.DOSE_AUTHORIZED);
    }

    @Test
    void shouldNameEveryReasonTheDoseIsRefused() {
        DosingSession s = at(SessionState.PRE_DOSE_CHECK).session();
        DoseChecks everything = new DoseChecks(new GateReading(182, 118, 104, 91, DOSE_AT.minusSeconds(10)),
                List.of(new OpenAlert("a1", "hypertensive-crisis", "CRITICAL", "OPEN"), new OpenAlert("a2", "note", "INFO", "OPEN")),
                new SitterLook(4, false, DOSE_AT), 94);

        assertThatThrownBy(() -> s.authorizeDose(everything, "dr", DOSE_AT)).isInstanceOf(IllegalTransition.class)
                .satisfies(e -> assertThat(((IllegalTransition) e).reasons()).hasSize(5)
                        .anyMatch(r -> r.contains("BP 182/118")).anyMatch(r -> r.contains("heart rate 104"))
                        .anyMatch(r -> r.contains("SpO2 91")).anyMatch(r -> r.contains("hypertensive-crisis"))
                        .anyMatch(r -> r.contains("not present")).noneMatch(r -> r.contains("note")));
    }

    @Test
    void shouldAuthorizeOnAGoodPictureWithoutSpO2OrASitterCheckInAndNotCountTheDoseYet() {
        DosingSession s = at(SessionState.PRE_DOSE_CHECK).session();
        DoseChecks noOximeter = new DoseChecks(new GateReading(128, 82, 72, null, DOSE_AT.minusSeconds(60)),
                List.of(new OpenAlert("a1", "note", "INFO", "OPEN")), null, 94);

        Transition t = s.authorizeDose(noOximeter, "dr", DOSE_AT);

        assertThat(t.to()).isEqualTo(SessionState.DOSE_AUTHORIZED);
        assertThat(s.dosedAt()).as("the dose time is when the tablet is taken").isNull();
        assertThat(s.authorizationExpiresAt()).isEqualTo(DOSE_AT.plus(Duration.ofMinutes(15)));
    }

    // --- Expiry of a passed gate and of an authorization ---------------------------------------

    @Test
    void shouldSendAPassedGateBackToCheckedInAfter15MinutesWithoutADose() {
        DosingSession s = at(SessionState.PRE_DOSE_CHECK).session();
        assertThat(s.gateExpiresAt()).isEqualTo(T0.plus(Duration.ofMinutes(15)));

        assertThat(s.expire(T0.plus(Duration.ofMinutes(15)).minusMillis(1))).isEmpty();
        Transition expired = s.expire(T0.plus(Duration.ofMinutes(15))).orElseThrow();

        assertThat(expired.from()).isEqualTo(SessionState.PRE_DOSE_CHECK);
        assertThat(expired.to()).isEqualTo(SessionState.CHECKED_IN);
        assertThat(expired.actor()).isEqualTo(DosingSession.SYSTEM);
        assertThat(expired.reason()).contains("gate result expired").contains("run the gate again");
        assertThat(s.gateExpiresAt()).isNull();
        assertThat(s.expire(T0.plus(Duration.ofHours(1)))).isEmpty();
        Instant again = T0.plus(Duration.ofMinutes(20));
        assertThat(s.runGate(reading(130, 80, 70, again), "dr", again).to()).isEqualTo(SessionState.PRE_DOSE_CHECK);
    }

    @Test
    void shouldSendAnAuthorizationBackToCheckedInAfter15MinutesWithoutTheTablet() {
        DosingSession s = at(SessionState.DOSE_AUTHORIZED).session();
        Instant authorized = T0.plus(Duration.ofMinutes(1));
        assertThat(s.authorizationExpiresAt()).isEqualTo(authorized.plus(Duration.ofMinutes(15)));

        assertThat(s.expire(authorized.plus(Duration.ofMinutes(14)))).isEmpty();
        Instant late = authorized.plus(Duration.ofMinutes(15));
        assertThatThrownBy(() -> s.tabletTaken("the clinician dr", "dr", late)).hasMessageContaining("authorization expired");
        Transition expired = s.expire(late).orElseThrow();

        assertThat(expired.to()).isEqualTo(SessionState.CHECKED_IN);
        assertThat(expired.reason()).contains("dose authorization expired").contains("tablet not taken within 15 minutes");
        assertThat(s.dosedAt()).isNull();
        assertThat(s.authorizationExpiresAt()).isNull();
    }

    @Test
    void shouldExpireAStoredGateWithoutATimeAtOnceAndNothingInOtherStates() {
        DosingSession legacy = new DosingSession(ProtocolTimes.STANDARD, SessionState.PRE_DOSE_CHECK, SITTER, GATE, null,
                null, null, null);
        assertThat(legacy.expire(T0)).isPresent();
        for (SessionState state : EnumSet.complementOf(EnumSet.of(SessionState.PRE_DOSE_CHECK, SessionState.DOSE_AUTHORIZED))) {
            assertThat(at(state).session().expire(T0.plus(Duration.ofDays(1)))).as(state.name()).isEmpty();
        }
    }

    // --- The tablet: the dose time ---------------------------------------------------------------

    @Test
    void shouldCountTheMonitoringFloorFromTheTabletNotFromTheAuthorization() {
        DosingSession s = at(SessionState.DOSE_AUTHORIZED).session();
        Instant tablet = T0.plus(Duration.ofMinutes(14));
        s.tabletTaken("the patient's device d-1", "device:d-1", tablet);
        s.startMonitoring("dr", tablet.plusSeconds(30));

        assertThat(s.dosedAt()).isEqualTo(tablet);
        assertThat(s.tabletConfirmedBy()).isEqualTo("the patient's device d-1");
        Instant twoHoursAfterAuthorization = T0.plus(Duration.ofMinutes(1)).plus(Duration.ofMinutes(120));
        assertThatThrownBy(() -> s.confirmRecovery(allMet(twoHoursAfterAuthorization), List.of(), "dr",
                twoHoursAfterAuthorization)).hasMessageContaining("120 minutes after the dose")
                .hasMessageContaining(tablet.plus(Duration.ofMinutes(120)).toString());
        Instant floor = tablet.plus(Duration.ofMinutes(120));
        assertThat(s.confirmRecovery(allMet(floor), List.of(), "dr", floor).to()).isEqualTo(SessionState.RECOVERED);
    }

    // --- Abort before and after the tablet; ENDED_EARLY; handover ---------------------------------

    @Test
    void shouldEndASessionAbortedBeforeTheTabletAndKeepMonitoringOneAbortedAfterIt() {
        DosingSession authorized = at(SessionState.DOSE_AUTHORIZED).session();
        assertThat(authorized.abort("sitter left", "dr", T0.plus(Duration.ofMinutes(2))).to()).isEqualTo(SessionState.ABORTED);
        assertThat(authorized.state().ended()).isTrue();

        for (SessionState dosed : List.of(SessionState.DOSED, SessionState.MONITORING, SessionState.RECOVERED)) {
            Reached r = at(dosed);
            Transition t = r.session().abort("patient asked to stop", "dr", r.at().plusSeconds(60));
            assertThat(t.to()).isEqualTo(SessionState.ENDED_EARLY);
            assertThat(r.session().state().ended()).as("still monitored").isFalse();
            assertThat(r.session().endedEarlyReason()).isEqualTo("patient asked to stop");
            assertThatThrownBy(() -> r.session().cancel("scheduler cleanup", "dr", r.at().plusSeconds(90)))
                    .hasMessageContaining("abort keeps the patient monitored");
            assertThatThrownBy(() -> r.session().abort("again", "dr", r.at().plusSeconds(90)))
                    .hasMessageContaining("discharge or hand over");
        }
    }

    @Test
    void shouldDischargeAnEndedEarlySessionOnTheRecoveryCriteriaKeepingTheFloorAndTheReason() {
        Reached r = at(SessionState.ENDED_EARLY);
        DosingSession s = r.session();
        Instant dosed = s.dosedAt();

        Instant early = dosed.plus(Duration.ofMinutes(60));
        assertThatThrownBy(() -> s.discharge(allMet(early), List.of(), "dr", early)).hasMessageContaining("120 minutes");
        Instant late = dosed.plus(Duration.ofMinutes(120));
        assertThatThrownBy(() -> s.discharge(unmet(late, DischargeProposal.SITTER, "MOAA/S 3 of 5"), List.of(), "dr", late))
                .hasMessageContaining("sitter not met: MOAA/S 3 of 5");
        assertThat(s.state()).isEqualTo(SessionState.ENDED_EARLY);

        Transition t = s.discharge(allMet(late), List.of(), "dr", late);
        assertThat(t.to()).isEqualTo(SessionState.ABORTED);
        assertThat(t.reason()).contains("ended early (patient asked to stop)").contains("discharge criteria met");
    }

    @Test
    void shouldHandOverAnEndedEarlySessionRecordingWhoWasCalledAndWhen() {
        Reached r = at(SessionState.ENDED_EARLY);
        Instant called = r.at().plusSeconds(30);
        Transition t = r.session().handOver(new Handover(" EMS unit 12 ", called, "SpO2 88 % after the abort"), "dr",
                r.at().plusSeconds(90));

        assertThat(t.to()).isEqualTo(SessionState.HANDED_OVER);
        assertThat(t.reason()).isEqualTo("handed over to EMS unit 12 (called at " + called + "): SpO2 88 % after the abort");
        assertThat(r.session().state().ended()).isTrue();
    }

    @Test
    void shouldRefuseAHandoverWithoutWhoWhenAndWhyAndChangeNothing() {
        Reached r = at(SessionState.MONITORING);
        Instant now = r.at().plusSeconds(60);

        assertThatThrownBy(() -> r.session().handOver(new Handover(" ", null, ""), "dr", now))
                .isInstanceOf(IllegalTransition.class)
                .satisfies(e -> assertThat(((IllegalTransition) e).reasons()).containsExactly("who was called is required",
                        "when they were called is required", "a reason is required"));
        assertThatThrownBy(() -> r.session().handOver(new Handover("911", now.plusSeconds(1), "x"), "dr", now))
                .hasMessageContaining("cannot be in the future");
        assertThat(r.session().state()).isEqualTo(SessionState.MONITORING);
        assertThatThrownBy(() -> at(SessionState.DOSE_AUTHORIZED).session().handOver(HANDOVER, "dr", T0.plusSeconds(120)))
                .hasMessageContaining("cannot hand over a session that is DOSE_AUTHORIZED");
    }

    // --- Recovery from the data; complete -----------------------------------------------------------

    @Test
    void shouldConfirmRecoveryOnlyWhenTheProposalIsMetOrAnUnmetCriterionIsOverriddenInWriting() {
        Reached r = at(SessionState.MONITORING);
        DosingSession s = r.session();
        Instant late = s.dosedAt().plus(Duration.ofMinutes(125));
        DischargeProposal sitterNotYet = unmet(late, DischargeProposal.SITTER, "MOAA/S 4 of 5");

        assertThatThrownBy(() -> s.confirmRecovery(sitterNotYet, List.of(), "dr", late))
                .hasMessageContaining("sitter not met: MOAA/S 4 of 5");
        assertThatThrownBy(() -> s.confirmRecovery(sitterNotYet, List.of(new DischargeOverride("sitter", "  ")), "dr", late))
                .as("an override needs a written reason").hasMessageContaining("sitter not met");
        assertThatThrownBy(() -> s.confirmRecovery(sitterNotYet, List.of(new DischargeOverride("vitals", "fine")), "dr", late))
                .as("overriding another criterion does not help").hasMessageContaining("sitter not met");
        assertThat(s.state()).isEqualTo(SessionState.MONITORING);

        Transition t = s.confirmRecovery(sitterNotYet, List.of(new DischargeOverride("sitter",
                "sitter is a nurse; patient answered questions clearly on video")), "dr", late);
        assertThat(t.to()).isEqualTo(SessionState.RECOVERED);
        assertThat(t.reason()).contains("sitter (MOAA/S 4 of 5) overridden").contains("answered questions clearly on video");
    }

    @Test
    void shouldNeverLetTheFloorBeOverridden() {
        DosingSession s = at(SessionState.MONITORING).session();
        Instant late = s.dosedAt().plus(Duration.ofMinutes(125));
        DischargeProposal floorUnmet = unmet(late, DischargeProposal.FLOOR, "tablet taken at ...");

        assertThatThrownBy(() -> s.confirmRecovery(floorUnmet, List.of(new DischargeOverride("floor", "patient is fine")),
                "dr", late)).hasMessageContaining("floor not met").hasMessageContaining("cannot be overridden");
        Instant early = s.dosedAt().plus(Duration.ofMinutes(100));
        assertThatThrownBy(() -> s.confirmRecovery(allMet(early), List.of(new DischargeOverride("floor", "patient is fine")),
                "dr", early)).hasMessageContaining("120 minutes after the dose");
        assertThat(s.state()).isEqualTo(SessionState.MONITORING);
    }

    @Test
    void shouldRefuseToCompleteWhileACriticalAlertIsUnresolved() {
        DosingSession s = at(SessionState.RECOVERED).session();
        Instant now = T0.plus(Duration.ofMinutes(130));

        assertThatThrownBy(() -> s.complete(List.of(new OpenAlert("a1", "spo2-critical", "CRITICAL", "ACKNOWLEDGED")),
                "dr", now)).hasMessageContaining("spo2-critical (CRITICAL, ACKNOWLEDGED) is unresolved");
        assertThat(s.state()).isEqualTo(SessionState.RECOVERED);
        assertThat(s.complete(List.of(new OpenAlert("a2", "bp-rise", "WARNING", "OPEN")), "dr", now).to())
                .isEqualTo(SessionState.COMPLETED);
    }

    @Test
    void shouldShortenEveryProtocolTimeWhenCompressedForADemonstration() {
        ProtocolTimes sixtyFold = ProtocolTimes.compressedBy(60);
        assertThat(sixtyFold.minMonitoring()).isEqualTo(Duration.ofMinutes(2));
        assertThat(sixtyFold.gateReadingMaxAge()).isEqualTo(Duration.ofSeconds(15));
        assertThat(sixtyFold.recheckAfter()).isEqualTo(Duration.ofSeconds(5));
        assertThat(sixtyFold.gateValidity()).isEqualTo(Duration.ofSeconds(15));
        assertThat(sixtyFold.tabletWindow()).isEqualTo(Duration.ofSeconds(15));
        assertThat(sixtyFold.dischargeWindow()).isEqualTo(Duration.ofSeconds(15));
        assertThat(ProtocolTimes.compressedBy(1)).isEqualTo(ProtocolTimes.STANDARD);
        assertThatThrownBy(() -> ProtocolTimes.compressedBy(0)).isInstanceOf(IllegalArgumentException.class);

        DosingSession s = new DosingSession(sixtyFold, SessionState.MONITORING, SITTER, GATE, null, T0);
        assertThatThrownBy(() -> s.confirmRecovery(allMet(T0.plusSeconds(119)), List.of(), "dr", T0.plusSeconds(119)))
                .hasMessageContaining("2 minutes after the dose");
        assertThat(s.confirmRecovery(allMet(T0.plusSeconds(120)), List.of(), "dr", T0.plusSeconds(120)).to())
                .isEqualTo(SessionState.RECOVERED);

        DosingSession stale = new DosingSession(sixtyFold, SessionState.CHECKED_IN, SITTER, GATE, null, null);
        assertThat(stale.runGate(reading(120, 80, 70, T0.minusSeconds(16)), "dr", T0).reason())
                .contains("no blood pressure measured in the last 15.0 seconds");
        assertThat(stale.runGate(reading(120, 80, 70, T0.plusSeconds(300)), "dr", T0.plusSeconds(301)).to())
                .isEqualTo(SessionState.PRE_DOSE_CHECK);
        assertThat(stale.expire(T0.plusSeconds(316))).isPresent();
    }

    @Test
    void shouldNeedAReasonToAbortOrCancel() {
        for (SessionState state : EnumSet.complementOf(EnumSet.of(SessionState.COMPLETED, SessionState.ABORTED,
                SessionState.CANCELLED, SessionState.HANDED_OVER, SessionState.ENDED_EARLY))) {
            DosingSession s = at(state).session();
            assertThatThrownBy(() -> s.abort(" ", "dr", T0)).hasMessageContaining("reason");
            assertThatThrownBy(() -> s.cancel(null, "dr", T0)).isInstanceOf(IllegalTransition.class);
            assertThat(s.state()).isEqualTo(state);
        }
        assertThat(Set.of(SessionState.values())).hasSize(13);
    }
}
