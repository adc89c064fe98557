package care.ketamine.session.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The dosing-session lifecycle as a state machine that will not let an unsafe dose happen nor
 * drop a dosed patient from monitoring: SCHEDULED, CHECKED_IN, (HELD), PRE_DOSE_CHECK,
 * DOSE_AUTHORIZED, DOSED (the tablet taken), MONITORING, RECOVERED, COMPLETED. Before the tablet,
 * ABORTED or CANCELLED with a reason; after it, abort goes to ENDED_EARLY (still monitored) and
 * the session ends only by discharge on the data or by handover to emergency services. A passed
 * gate and an authorization each expire back to CHECKED_IN. Every step is recorded.
 * Plain Java: the caller passes the time.
 */
public final class DosingSession {

    public static final String SYSTEM = "system";
    public static final String ADDRESS_NOT_CONFIRMED = "the patient's dosing address is not confirmed for this session: "
            + "confirm they are at the address on file, or record where they are today";

    private final ProtocolTimes times;
    private SessionState state;
    private final String sitterName;
    private final GateLimits gate;
    private Instant heldAt;
    private Instant gatePassedAt;
    private Instant authorizedAt;
    private Instant dosedAt;
    private String tabletConfirmedBy;
    private String endedEarlyReason;
    private Instant addressConfirmedAt;
    private GateReading preDoseReading;
    private final List<Transition> history = new ArrayList<>();

    public DosingSession(SessionState state, String sitterName, GateLimits gate, Instant heldAt, Instant dosedAt) {
        this(ProtocolTimes.STANDARD, state, sitterName, gate, heldAt, dosedAt);
    }

    public DosingSession(ProtocolTimes times, SessionState state, String sitterName, GateLimits gate, Instant heldAt,
                         Instant dosedAt) {
        this(times, state, sitterName, gate, heldAt, null, null, dosedAt);
    }

    /** A session as stored: when it was held, its gate passed, its dose authorized and its tablet taken. */
    public DosingSession(ProtocolTimes times, SessionState state, String sitterName, GateLimits gate, Instant heldAt,
                         Instant gatePassedAt, Instant authorizedAt, Instant dosedAt) {
        this.times = times;
        this.state = state;
        this.sitterName = sitterName;
        this.gate = gate;
        this.heldAt = heldAt;
        this.gatePassedAt = gatePassedAt;
        this.authorizedAt = authorizedAt;
        this.dosedAt = dosedAt;
    }

    /**
     * When a clinician confirmed that the patient is at the session's dosing address (or recorded where they are
     * today); null until then, and no dose is authorized: the emergency step of a CRITICAL page sends help there.
     */
    public DosingSession addressConfirmedAt(Instant confirmedAt) {
        this.addressConfirmedAt = confirmedAt;
        return this;
    }

    /** The reason given when a dosed session was aborted (kept when it is later discharged). */
    public DosingSession endedEarlyBecause(String reason) {
        this.endedEarlyReason = reason;
        return this;
    }

    /**
     * The steps a clinician may take from a state, in the order a session goes (the console offers
     * only these).
     */
    public static List<String> nextSteps(SessionState state) {
        return switch (state) {
            case SCHEDULED -> List.of("check-in", "cancel");
            case CHECKED_IN, HELD -> List.of("gate", "abort");
            case PRE_DOSE_CHECK -> List.of("dose", "abort");
            case DOSE_AUTHORIZED -> List.of("tablet-taken", "abort");
            case DOSED -> List.of("monitoring", "handover", "abort");
            case MONITORING -> List.of("recovery", "handover", "abort");
            case RECOVERED -> List.of("complete", "handover", "abort");
            case ENDED_EARLY -> List.of("discharge", "handover");
            case COMPLETED, ABORTED, CANCELLED, HANDED_OVER -> List.of();
        };
    }

    /**
     * The steps a clinician may take from this state, each allowed now or refused with the reason the step itself
     * would give: the same checks as the steps, run as if the clinician had given what the step's dialog asks for (the
     * patient online, the plan's sitter by name, a reason, an override for each criterion that may be overridden).
     * Run it after {@link #expire}, as the steps are.
     */
    public List<StepOffer> offers(StepFacts facts, Instant now) {
        return nextSteps(state).stream().map(step -> StepOffer.of(step, refusal(step, facts, now))).toList();
    }

    private IllegalTransition refusal(String step, StepFacts facts, Instant now) {
        return switch (step) {
            case "check-in" -> checkInRefusal(true, facts.devicePaired(), sitterName);
            case "gate" -> gateRefusal(now);
            case "dose" -> doseRefusal(facts.dose(), now);
            case "tablet-taken" -> tabletRefusal(now);
            case "monitoring" -> stateRefusal(SessionState.DOSED, "start monitoring");
            case "recovery" -> dischargeRefusal(SessionState.MONITORING, "confirm recovery", facts.discharge(),
                    overridable(facts.discharge()), now);
            case "discharge" -> dischargeRefusal(SessionState.ENDED_EARLY, "discharge", facts.discharge(),
                    overridable(facts.discharge()), now);
            case "complete" -> completeRefusal(facts.openAlerts());
            case "abort" -> abortRefusal();
            case "cancel" -> cancelRefusal();
            case "handover" -> handOverRefusal();
            default -> new IllegalTransition("a dosing session has no " + step + " step");
        };
    }

    /** Every criterion the clinician may override with a written reason, as the dialog lets them. */
    private static Set<String> overridable(DischargeProposal proposal) {
        return proposal == null ? Set.of() : proposal.unmet().stream().filter(DischargeProposal.Criterion::overridable)
                .map(DischargeProposal.Criterion::name).collect(Collectors.toSet());
    }

    private static void refuse(IllegalTransition refusal) {
        if (refusal != null) {
            throw refusal;
        }
    }

    public static DosingSession scheduled(String sitterName, GateLimits gate) {
        return new DosingSession(ProtocolTimes.STANDARD, SessionState.SCHEDULED, sitterName, gate, null, null);
    }

    /** SCHEDULED to CHECKED_IN: the patient is online, a device is paired, the sitter is there, confirmed by name. */
    public Transition checkIn(boolean patientOnline, boolean devicePaired, String sitterPresentName, String actor, Instant now) {
        refuse(checkInRefusal(patientOnline, devicePaired, sitterPresentName));
        return move(SessionState.CHECKED_IN, actor, now, "checked in with sitter " + sitterName);
    }

    private IllegalTransition checkInRefusal(boolean patientOnline, boolean devicePaired, String sitterPresentName) {
        if (state != SessionState.SCHEDULED) {
            return illegal("check in");
        }
        List<String> missing = new ArrayList<>();
        if (!patientOnline) {
            missing.add("the patient is not online");
        }
        if (!devicePaired) {
            missing.add("no device is paired");
        }
        if (sitterPresentName == null || !normalise(sitterPresentName).equals(normalise(sitterName))) {
            missing.add("the sitter present must be the plan's sitter, confirmed by name");
        }
        return missing.isEmpty() ? null : new IllegalTransition("cannot check in", missing);
    }

    /**
     * CHECKED_IN (or HELD, after 5 minutes) to PRE_DOSE_CHECK when a reading from the last 15 minutes
     * passes the plan's gate; to HELD when it does not, or when there is no such reading.
     *
     * @param latest the newest reading with a blood pressure (a cuff's or a monitor's): it becomes the
     *               pre-dose reading that discharge and alerting compare with
     */
    public Transition runGate(GateReading latest, String actor, Instant now) {
        refuse(gateRefusal(now));
        List<String> failures = new ArrayList<>();
        if (latest == null || !latest.hasBloodPressure()
                || latest.measuredAt().isBefore(now.minus(times.gateReadingMaxAge()))) {
            heldAt = now;
            return move(SessionState.HELD, actor, now, "gate failed: no blood pressure measured in the last "
                    + ProtocolTimes.spoken(times.gateReadingMaxAge()));
        }
        if (latest.systolic() > gate.maxSystolic() || latest.diastolic() > gate.maxDiastolic()) {
            failures.add("BP " + latest.systolic() + "/" + latest.diastolic() + " is above " + gate.maxSystolic() + "/"
                    + gate.maxDiastolic());
        }
        if (latest.heartRate() == null) {
            failures.add("the reading has no heart rate");
        } else if (latest.heartRate() > gate.maxHeartRate()) {
            failures.add("heart rate " + latest.heartRate() + " is above " + gate.maxHeartRate());
        }
        if (!failures.isEmpty()) {
            heldAt = now;
            return move(SessionState.HELD, actor, now, "gate failed: " + String.join("; ", failures));
        }
        preDoseReading = latest;
        gatePassedAt = now;
        return move(SessionState.PRE_DOSE_CHECK, actor, now, "gate passed: BP " + latest.systolic() + "/"
                + latest.diastolic() + ", heart rate " + latest.heartRate());
    }

    /** Whether the gate may run now; what it finds in the reading holds the session rather than refusing the step. */
    private IllegalTransition gateRefusal(Instant now) {
        if (state != SessionState.CHECKED_IN && state != SessionState.HELD) {
            return illegal("run the pre-dose gate");
        }
        if (state == SessionState.HELD && now.isBefore(heldAt.plus(times.recheckAfter()))) {
            return new IllegalTransition("cannot recheck before " + heldAt.plus(times.recheckAfter()) + " ("
                    + ProtocolTimes.spoken(times.recheckAfter()) + " after the hold)");
        }
        return null;
    }

    /**
     * PRE_DOSE_CHECK to DOSE_AUTHORIZED: the clinician authorizes the dose, and everything is checked
     * again at this moment (the latest reading, unresolved alerts, the sitter, the dosing address confirmed);
     * every reason it is refused is named. The dose time is not recorded here but when the tablet is taken.
     */
    public Transition authorizeDose(DoseChecks checks, String actor, Instant now) {
        refuse(doseRefusal(checks, now));
        authorizedAt = now;
        return move(SessionState.DOSE_AUTHORIZED, actor, now, "dose authorized on " + checks.latest().spoken()
                + "; the tablet must be taken by " + authorizationExpiresAt());
    }

    private IllegalTransition doseRefusal(DoseChecks checks, Instant now) {
        if (state != SessionState.PRE_DOSE_CHECK) {
            return illegal("authorize the dose");
        }
        List<String> refusals = new ArrayList<>();
        if (gateExpiresAt() == null || !now.isBefore(gateExpiresAt())) {
            refusals.add("the gate result is older than " + ProtocolTimes.spoken(times.gateValidity()) + ": run the gate again");
        }
        refusals.addAll(checks.refusals(gate, times.gateReadingMaxAge(), now));
        if (addressConfirmedAt == null) {
            refusals.add(ADDRESS_NOT_CONFIRMED);
        }
        return refusals.isEmpty() ? null : new IllegalTransition("cannot authorize the dose", refusals);
    }

    /**
     * DOSE_AUTHORIZED to DOSED: the tablet was taken, confirmed by the patient's device or by the
     * clinician on the patient's behalf. The dose time (monitoring floor, check-in prompts) counts from now.
     */
    public Transition tabletTaken(String confirmedBy, String actor, Instant now) {
        refuse(tabletRefusal(now));
        dosedAt = now;
        tabletConfirmedBy = confirmedBy;
        return move(SessionState.DOSED, actor, now, "tablet taken at " + now + ", confirmed by " + confirmedBy);
    }

    private IllegalTransition tabletRefusal(Instant now) {
        if (state != SessionState.DOSE_AUTHORIZED) {
            return illegal("confirm the tablet taken for");
        }
        if (!now.isBefore(authorizationExpiresAt())) {
            return new IllegalTransition("cannot confirm the tablet taken: the authorization expired at "
                    + authorizationExpiresAt() + "; run the gate again");
        }
        return null;
    }

    /**
     * A passed gate not followed by a dose authorization, or an authorization not followed by the
     * tablet, within 15 minutes goes back to CHECKED_IN: the picture it was based on is stale.
     */
    public Optional<Transition> expire(Instant now) {
        if (state == SessionState.PRE_DOSE_CHECK && (gateExpiresAt() == null || !now.isBefore(gateExpiresAt()))) {
            return Optional.of(expireTo("gate result expired: passed at " + gatePassedAt + ", no dose authorized within "
                    + ProtocolTimes.spoken(times.gateValidity()) + "; run the gate again", now));
        }
        if (state == SessionState.DOSE_AUTHORIZED && (authorizationExpiresAt() == null
                || !now.isBefore(authorizationExpiresAt()))) {
            return Optional.of(expireTo("dose authorization expired: authorized at " + authorizedAt
                    + ", tablet not taken within " + ProtocolTimes.spoken(times.tabletWindow()) + "; run the gate again", now));
        }
        return Optional.empty();
    }

    private Transition expireTo(String reason, Instant now) {
        gatePassedAt = null;
        authorizedAt = null;
        return move(SessionState.CHECKED_IN, SYSTEM, now, reason);
    }

    /** When a passed gate expires (only in PRE_DOSE_CHECK). */
    public Instant gateExpiresAt() {
        return state != SessionState.PRE_DOSE_CHECK || gatePassedAt == null ? null : gatePassedAt.plus(times.gateValidity());
    }

    /** When an authorization expires (only in DOSE_AUTHORIZED). */
    public Instant authorizationExpiresAt() {
        return state != SessionState.DOSE_AUTHORIZED || authorizedAt == null ? null : authorizedAt.plus(times.tabletWindow());
    }

    /** DOSED to MONITORING. */
    public Transition startMonitoring(String actor, Instant now) {
        refuse(stateRefusal(SessionState.DOSED, "start monitoring"));
        return move(SessionState.MONITORING, actor, now, "monitoring started");
    }

    /**
     * MONITORING to RECOVERED: not before 120 minutes after the tablet, and only when the system's
     * proposal is met or each unmet criterion is overridden with a written reason.
     */
    public Transition confirmRecovery(DischargeProposal proposal, List<DischargeOverride> overrides, String actor,
                                      Instant now) {
        return move(SessionState.RECOVERED, actor, now, discharged(SessionState.MONITORING, "confirm recovery", proposal,
                overrides, now));
    }

    /**
     * ENDED_EARLY to ABORTED: the patient of a session aborted after the dose is discharged on the
     * same criteria as recovery (floor kept); the abort's reason is kept.
     */
    public Transition discharge(DischargeProposal proposal, List<DischargeOverride> overrides, String actor, Instant now) {
        return move(SessionState.ABORTED, actor, now, "ended early (" + endedEarlyReason + "), "
                + discharged(SessionState.ENDED_EARLY, "discharge", proposal, overrides, now));
    }

    private String discharged(SessionState from, String action, DischargeProposal proposal, List<DischargeOverride> overrides,
                              Instant now) {
        Map<String, String> overridden = overrides.stream().filter(o -> o.reason() != null && !o.reason().isBlank())
                .collect(Collectors.toMap(DischargeOverride::criterion, o -> o.reason().strip(), (a, b) -> a + "; " + b));
        refuse(dischargeRefusal(from, action, proposal, overridden.keySet(), now));
        List<String> accepted = proposal.unmet().stream().map(c -> c.name() + " (" + c.figures()
                + ") overridden by the clinician: " + overridden.get(c.name())).toList();
        return accepted.isEmpty() ? "discharge criteria met" : "discharge criteria met except " + String.join("; ", accepted);
    }

    /** Not before the floor; every unmet criterion overridden (the floor never can be). */
    private IllegalTransition dischargeRefusal(SessionState from, String action, DischargeProposal proposal,
                                               Set<String> overridden, Instant now) {
        if (state != from) {
            return illegal(action);
        }
        if (dosedAt == null || now.isBefore(dosedAt.plus(times.minMonitoring()))) {
            return new IllegalTransition("cannot end monitoring before " + (dosedAt == null ? "a dose time is recorded"
                    : dosedAt.plus(times.minMonitoring()) + " (" + ProtocolTimes.spoken(times.minMonitoring())
                    + " after the dose)"));
        }
        List<String> refusals = new ArrayList<>();
        for (DischargeProposal.Criterion c : proposal.unmet()) {
            if (!c.overridable() || !overridden.contains(c.name())) {
                refusals.add(c.name() + " not met: " + c.figures()
                        + (c.overridable() ? "" : " (this criterion cannot be overridden)"));
            }
        }
        return refusals.isEmpty() ? null : new IllegalTransition("cannot discharge", refusals);
    }

    /** RECOVERED to COMPLETED, never while a CRITICAL alert of the session is unresolved. */
    public Transition complete(List<OpenAlert> openAlerts, String actor, Instant now) {
        refuse(completeRefusal(openAlerts));
        return move(SessionState.COMPLETED, actor, now, "completed");
    }

    private IllegalTransition completeRefusal(List<OpenAlert> openAlerts) {
        if (state != SessionState.RECOVERED) {
            return illegal("complete");
        }
        List<String> critical = openAlerts.stream().filter(OpenAlert::critical)
                .map(a -> "alert " + a.spoken() + " is unresolved").toList();
        return critical.isEmpty() ? null : new IllegalTransition("cannot complete", critical);
    }

    /**
     * Before the tablet: to ABORTED. After it: to ENDED_EARLY, where readings, prompts and rules keep
     * running until discharge or handover.
     */
    public Transition abort(String reason, String actor, Instant now) {
        refuse(abortRefusal());
        if (state.afterTablet()) {
            requireReason(reason, "abort");
            endedEarlyReason = reason.strip();
            return move(SessionState.ENDED_EARLY, actor, now, endedEarlyReason + " (ended early after the dose: still monitored "
                    + "until discharge or handover)");
        }
        return end(SessionState.ABORTED, "abort", reason, actor, now);
    }

    private IllegalTransition abortRefusal() {
        if (state == SessionState.ENDED_EARLY) {
            return new IllegalTransition("cannot abort a session that has already ended early: discharge or hand over");
        }
        return state.ended() ? illegal("abort") : null;
    }

    /** To CANCELLED from any state that has not ended, before the tablet is taken. */
    public Transition cancel(String reason, String actor, Instant now) {
        refuse(cancelRefusal());
        return end(SessionState.CANCELLED, "cancel", reason, actor, now);
    }

    private IllegalTransition cancelRefusal() {
        if (state.afterTablet()) {
            return new IllegalTransition("cannot cancel a session after the tablet was taken: abort keeps the patient "
                    + "monitored until discharge or handover");
        }
        return state.ended() ? illegal("cancel") : null;
    }

    /** After the tablet: the patient is handed over to emergency services; who was called, when and why are recorded. */
    public Transition handOver(Handover handover, String actor, Instant now) {
        refuse(handOverRefusal());
        List<String> missing = new ArrayList<>();
        if (handover.called() == null || handover.called().isBlank()) {
            missing.add("who was called is required");
        }
        if (handover.calledAt() == null) {
            missing.add("when they were called is required");
        } else if (handover.calledAt().isAfter(now)) {
            missing.add("the call cannot be in the future");
        }
        if (handover.reason() == null || handover.reason().isBlank()) {
            missing.add("a reason is required");
        }
        if (!missing.isEmpty()) {
            throw new IllegalTransition("cannot hand over", missing);
        }
        return move(SessionState.HANDED_OVER, actor, now, "handed over to " + handover.called().strip() + " (called at "
                + handover.calledAt() + "): " + handover.reason().strip());
    }

    private IllegalTransition handOverRefusal() {
        return state.afterTablet() ? null : illegal("hand over");
    }

    private Transition end(SessionState to, String action, String reason, String actor, Instant now) {
        if (state.ended()) {
            throw illegal(action);
        }
        requireReason(reason, action);
        return move(to, actor, now, reason.strip());
    }

    private static void requireReason(String reason, String action) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalTransition("cannot " + action + " without a reason");
        }
    }

    private IllegalTransition stateRefusal(SessionState expected, String action) {
        return state != expected ? illegal(action) : null;
    }

    private IllegalTransition illegal(String action) {
        return new IllegalTransition("cannot " + action + " a session that is " + state);
    }

    private Transition move(SessionState to, String actor, Instant now, String reason) {
        Transition transition = new Transition(state, to, actor, now, reason);
        state = to;
        history.add(transition);
        return transition;
    }

    private static String normalise(String name) {
        return name.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    public SessionState state() {
        return state;
    }

    public Instant dosedAt() {
        return dosedAt;
    }

    public Instant heldAt() {
        return heldAt;
    }

    public Instant gatePassedAt() {
        return gatePassedAt;
    }

    public Instant authorizedAt() {
        return authorizedAt;
    }

    public String tabletConfirmedBy() {
        return tabletConfirmedBy;
    }

    public String endedEarlyReason() {
        return endedEarlyReason;
    }

    public GateReading preDoseReading() {
        return preDoseReading;
    }

    public List<Transition> history() {
        return List.copyOf(history);
    }
}
