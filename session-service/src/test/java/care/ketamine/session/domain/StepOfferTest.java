package care.ketamine.session.domain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The steps the console offers: each rule that refuses a step disables its offer with the step's own words, and the step
 * taken on the same facts is refused with exactly that reason (or taken, when the offer is allowed).
 */
class StepOfferTest {

    private static final Instant T0 = Instant.parse("2026-11-26T15:00:00Z");
    private static final GateLimits GATE = new GateLimits(160, 90, 100);
    private static final String SITTER = "Sam Rivera";
    private static final SitterLook PRESENT = new SitterLook(5, true, T0.minusSeconds(120));
    private static final DoseChecks GOOD = new DoseChecks(new GateReading(128, 82, 72, 97, T0.minusSeconds(60)), List.of(),
            PRESENT, 94);
    private static final OpenAlert CRISIS = new OpenAlert("a1", "bp-crisis", "CRITICAL", "OPEN");

    private static DosingSession at(SessionState state) {
        return at(state, null, null, null, null);
    }

    private static DosingSession at(SessionState state, Instant heldAt, Instant gatePassedAt, Instant authorizedAt,
                                    Instant dosedAt) {
        return new DosingSession(ProtocolTimes.STANDARD, state, SITTER, GATE, heldAt, gatePassedAt, authorizedAt, dosedAt)
                .addressConfirmedAt(T0.minus(Duration.ofMinutes(10))).endedEarlyBecause("patient asked to stop");
    }

    private static StepFacts facts(boolean devicePaired, DoseChecks dose, DischargeProposal discharge, List<OpenAlert> alerts) {
        return new StepFacts(devicePaired, dose, discharge, alerts);
    }

    private static DischargeProposal proposal(boolean vitalsMet) {
        return new DischargeProposal(T0, DischargeProposal.NAMES.stream().map(n -> new DischargeProposal.Criterion(n,
                !(n.equals(DischargeProposal.VITALS) && !vitalsMet), n.equals(DischargeProposal.VITALS) && !vitalsMet
                ? "BP 150/95 vs 128/82 before the dose" : "fine", !n.equals(DischargeProposal.FLOOR))).toList());
    }

    /** The step as the clinician takes it, with what its dialog asks for given, on the same facts. */
    private static Function<DosingSession, Transition> taken(String step, StepFacts f, Instant now) {
        List<DischargeOverride> overrides = f.discharge() == null ? List.of() : f.discharge().unmet().stream()
                .filter(DischargeProposal.Criterion::overridable).map(c -> new DischargeOverride(c.name(), "seen on video"))
                .toList();
        return s -> switch (step) {
            case "check-in" -> s.checkIn(true, f.devicePaired(), SITTER, "dr", now);
            case "gate" -> s.runGate(new GateReading(128, 82, 72, now.minusSeconds(30)), "dr", now);
            case "dose" -> s.authorizeDose(f.dose(), "dr", now);
            case "tablet-taken" -> s.tabletTaken("the clinician dr", "dr", now);
            case "monitoring" -> s.startMonitoring("dr", now);
            case "recovery" -> s.confirmRecovery(f.discharge(), overrides, "dr", now);
            case "discharge" -> s.discharge(f.discharge(), overrides, "dr", now);
            case "complete" -> s.complete(f.openAlerts(), "dr", now);
            case "abort" -> s.abort("patient unwell", "dr", now);
            case "cancel" -> s.cancel("patient asked", "dr", now);
            case "handover" -> s.handOver(new Handover("911", now, "chest pain"), "dr", now);
            default -> throw new IllegalArgumentException(step);
        };
    }

    static Stream<Arguments> rules() {
        Instant dosed = T0.minus(Duration.ofMinutes(30));
        Instant dosedLongAgo = T0.minus(Duration.ofMinutes(130));
        StepFacts none = facts(false, null, null, List.of());
        return Stream.of(
                Arguments.of("no device paired", at(SessionState.SCHEDULED), none, T0, "check-in",
                        "cannot check in: no device is paired"),
                Arguments.of("a device paired", at(SessionState.SCHEDULED), facts(true, null, null, List.of()), T0,
                        "check-in", null),
                Arguments.of("cancel before the tablet", at(SessionState.SCHEDULED), none, T0, "cancel", null),
                Arguments.of("held 2 minutes ago", at(SessionState.HELD, T0.minus(Duration.ofMinutes(2)), null, null, null),
                        none, T0, "gate", "cannot recheck before 2026-11-26T15:03:00Z (5 minutes after the hold)"),
                Arguments.of("held 6 minutes ago", at(SessionState.HELD, T0.minus(Duration.ofMinutes(6)), null, null, null),
                        none, T0, "gate", null),
                Arguments.of("an open CRITICAL alert", at(SessionState.PRE_DOSE_CHECK, null, T0.minusSeconds(60), null, null),
                        facts(false, new DoseChecks(GOOD.latest(), List.of(CRISIS), PRESENT, 94), null, List.of()), T0,
                        "dose", "cannot authorize the dose: alert bp-crisis (CRITICAL, OPEN) is unresolved"),
                Arguments.of("no pre-dose vitals in 15 minutes",
                        at(SessionState.PRE_DOSE_CHECK, null, T0.minusSeconds(60), null, null),
                        facts(false, new DoseChecks((GateReading) null, List.of(), PRESENT, 94), null, List.of()), T0, "dose",
                        "cannot authorize the dose: no blood pressure measured in the last 15 minutes"),
                Arguments.of("the gate passed 16 minutes ago",
                        at(SessionState.PRE_DOSE_CHECK, null, T0.minus(Duration.ofMinutes(16)), null, null),
                        facts(false, GOOD, null, List.of()), T0, "dose",
                        "cannot authorize the dose: the gate result is older than 15 minutes: run the gate again"),
                Arguments.of("the address not confirmed", new DosingSession(ProtocolTimes.STANDARD, SessionState.PRE_DOSE_CHECK,
                                SITTER, GATE, null, T0.minusSeconds(60), null, null),
                        facts(false, GOOD, null, List.of()), T0, "dose",
                        "cannot authorize the dose: " + DosingSession.ADDRESS_NOT_CONFIRMED),
                Arguments.of("everything checked", at(SessionState.PRE_DOSE_CHECK, null, T0.minusSeconds(60), null, null),
                        facts(false, GOOD, null, List.of()), T0, "dose", null),
                Arguments.of("the authorization 16 minutes old",
                        at(SessionState.DOSE_AUTHORIZED, null, null, T0.minus(Duration.ofMinutes(16)), null), none, T0,
                        "tablet-taken", "cannot confirm the tablet taken: the authorization expired at "
                                + "2026-11-26T14:59:00Z; run the gate again"),
                Arguments.of("the tablet in its window", at(SessionState.DOSE_AUTHORIZED, null, null, T0.minusSeconds(60), null),
                        none, T0, "tablet-taken", null),
                Arguments.of("before the floor", at(SessionState.MONITORING, null, null, null, dosed),
                        facts(false, null, proposal(true), List.of()), T0, "recovery",
                        "cannot end monitoring before 2026-11-26T16:30:00Z (120 minutes after the dose)"),
                Arguments.of("past the floor, vitals overridable", at(SessionState.MONITORING, null, null, null, dosedLongAgo),
                        facts(false, null, proposal(false), List.of()), T0, "recovery", null),
                Arguments.of("ended early, past the floor", at(SessionState.ENDED_EARLY, null, null, null, dosedLongAgo),
                        facts(false, null, proposal(true), List.of()), T0, "discharge", null),
                Arguments.of("recovered with an open CRITICAL alert", at(SessionState.RECOVERED, null, null, null, dosedLongAgo),
                        facts(false, null, null, List.of(CRISIS)), T0, "complete",
                        "cannot complete: alert bp-crisis (CRITICAL, OPEN) is unresolved"),
                Arguments.of("handover after the tablet", at(SessionState.MONITORING, null, null, null, dosed),
                        facts(false, null, proposal(true), List.of()), T0, "handover", null));
    }

    @ParameterizedTest(name = "{0}: {4}")
    @MethodSource("rules")
    void shouldOfferAStepWithTheReasonTheStepIsRefusedWith(String rule, DosingSession session, StepFacts facts, Instant now,
                                                           String step, String reason) {
        StepOffer offer = session.offers(facts, now).stream().filter(o -> o.step().equals(step)).findFirst().orElseThrow();

        assertThat(offer.allowed()).as(rule).isEqualTo(reason == null);
        assertThat(offer.reason()).as(rule).isEqualTo(reason);
        if (reason == null) {
            assertThat(taken(step, facts, now).apply(session).from()).isNotNull();
        } else {
            assertThatThrownBy(() -> taken(step, facts, now).apply(session)).isInstanceOf(IllegalTransition.class)
                    .hasMessage(reason);
        }
    }

    @org.junit.jupiter.api.Test
    void shouldOfferOnlyTheStateSStepsInTheirOrder() {
        assertThat(at(SessionState.ENDED_EARLY, null, null, null, T0).offers(facts(false, null, proposal(true), List.of()), T0)
                .stream().map(StepOffer::step)).containsExactly("discharge", "handover");
        assertThat(at(SessionState.COMPLETED).offers(facts(false, null, null, List.of()), T0)).isEmpty();
    }
}
