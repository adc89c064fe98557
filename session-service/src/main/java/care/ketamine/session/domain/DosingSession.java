package care.ketamine.session.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The dosing-session lifecycle as a state machine that will not let an unsafe dose happen:
 * SCHEDULED, CHECKED_IN, (HELD), PRE_DOSE_CHECK, DOSED, MONITORING, RECOVERED, COMPLETED; ABORTED or
 * CANCELLED from any state that has not ended, each with a reason. Every step is recorded.
 * Plain Java: the caller passes the time.
 */
public final class DosingSession {

    private final ProtocolTimes times;
    private SessionState state;
    private final String sitterName;
    private final GateLimits gate;
    private Instant heldAt;
    private Instant dosedAt;
    private GateReading preDoseReading;
    private final List<Transition> history = new ArrayList<>();

    public DosingSession(SessionState state, String sitterName, GateLimits gate, Instant heldAt, Instant dosedAt) {
        this(ProtocolTimes.STANDARD, state, sitterName, gate, heldAt, dosedAt);
    }

    public DosingSession(ProtocolTimes times, SessionState state, String sitterName, GateLimits gate, Instant heldAt,
                         Instant dosedAt) {
        this.times = times;
        this.state = state;
        this.sitterName = sitterName;
        this.gate = gate;
        this.heldAt = heldAt;
        this.dosedAt = dosedAt;
    }

    /**
     * The steps a clinician may take from a state, in the order a session goes (the console offers
     * only these): check-in, gate, dose, monitoring, recovery, complete, abort, cancel.
     */
    public static java.util.List<String> nextSteps(SessionState state) {
        return switch (state) {
            case SCHEDULED -> java.util.List.of("check-in", "cancel");
            case CHECKED_IN, HELD -> java.util.List.of("gate", "abort");
            case PRE_DOSE_CHECK -> java.util.List.of("dose", "abort");
            case DOSED -> java.util.List.of("monitoring", "abort");
            case MONITORING -> java.util.List.of("recovery", "abort");
            case RECOVERED -> java.util.List.of("complete", "abort");
            case COMPLETED, ABORTED, CANCELLED -> java.util.List.of();
        };
    }

    public static DosingSession scheduled(String sitterName, GateLimits gate) {
        return new DosingSession(ProtocolTimes.STANDARD, SessionState.SCHEDULED, sitterName, gate, null, null);
    }

    /** SCHEDULED to CHECKED_IN: the patient is online, a device is paired, the sitter is there, confirmed by name. */
    public Transition checkIn(boolean patientOnline, boolean devicePaired, String sitterPresentName, String actor, Instant now) {
        require(SessionState.SCHEDULED, "check in");
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
        if (!missing.isEmpty()) {
            throw new IllegalTransition("cannot check in: " + String.join("; ", missing));
        }
        return move(SessionState.CHECKED_IN, actor, now, "checked in with sitter " + sitterName);
    }

    /**
     * CHECKED_IN (or HELD, after 5 minutes) to PRE_DOSE_CHECK when a reading from the last 15 minutes
     * passes the plan's gate; to HELD when it does not, or when there is no such reading.
     */
    public Transition runGate(GateReading latest, String actor, Instant now) {
        if (state != SessionState.CHECKED_IN && state != SessionState.HELD) {
            throw illegal("run the pre-dose gate");
        }
        if (state == SessionState.HELD && now.isBefore(heldAt.plus(times.recheckAfter()))) {
            throw new IllegalTransition("cannot recheck before " + heldAt.plus(times.recheckAfter()) + " ("
                    + ProtocolTimes.spoken(times.recheckAfter()) + " after the hold)");
        }
        List<String> failures = new ArrayList<>();
        if (latest == null || latest.measuredAt().isBefore(now.minus(times.gateReadingMaxAge()))) {
            heldAt = now;
            return move(SessionState.HELD, actor, now, "gate failed: no reading measured in the last "
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
        return move(SessionState.PRE_DOSE_CHECK, actor, now, "gate passed: BP " + latest.systolic() + "/"
                + latest.diastolic() + ", heart rate " + latest.heartRate());
    }

    /** PRE_DOSE_CHECK to DOSED: the clinician authorizes the dose; the dose time is recorded. */
    public Transition authorizeDose(String actor, Instant now) {
        require(SessionState.PRE_DOSE_CHECK, "authorize the dose");
        dosedAt = now;
        return move(SessionState.DOSED, actor, now, "dose authorized");
    }

    /** DOSED to MONITORING. */
    public Transition startMonitoring(String actor, Instant now) {
        require(SessionState.DOSED, "start monitoring");
        return move(SessionState.MONITORING, actor, now, "monitoring started");
    }

    /** MONITORING to RECOVERED: at least 120 minutes after the dose, with every discharge criterion confirmed. */
    public Transition confirmRecovery(boolean vitalsNearBaseline, boolean responsive, boolean sitterPresent, String actor,
                                      Instant now) {
        require(SessionState.MONITORING, "confirm recovery");
        if (now.isBefore(dosedAt.plus(times.minMonitoring()))) {
            throw new IllegalTransition("cannot end monitoring before " + dosedAt.plus(times.minMonitoring())
                    + " (" + ProtocolTimes.spoken(times.minMonitoring()) + " after the dose)");
        }
        List<String> missing = new ArrayList<>();
        if (!vitalsNearBaseline) {
            missing.add("vitals are not near baseline");
        }
        if (!responsive) {
            missing.add("the patient is not responsive");
        }
        if (!sitterPresent) {
            missing.add("the sitter is not present");
        }
        if (!missing.isEmpty()) {
            throw new IllegalTransition("cannot confirm recovery: " + String.join("; ", missing));
        }
        return move(SessionState.RECOVERED, actor, now, "discharge criteria confirmed");
    }

    /** RECOVERED to COMPLETED. */
    public Transition complete(String actor, Instant now) {
        require(SessionState.RECOVERED, "complete");
        return move(SessionState.COMPLETED, actor, now, "completed");
    }

    /** To ABORTED from any state that has not ended. */
    public Transition abort(String reason, String actor, Instant now) {
        return end(SessionState.ABORTED, "abort", reason, actor, now);
    }

    /** To CANCELLED from any state that has not ended. */
    public Transition cancel(String reason, String actor, Instant now) {
        return end(SessionState.CANCELLED, "cancel", reason, actor, now);
    }

    private Transition end(SessionState to, String action, String reason, String actor, Instant now) {
        if (state.ended()) {
            throw illegal(action);
        }
        if (reason == null || reason.isBlank()) {
            throw new IllegalTransition("cannot " + action + " without a reason");
        }
        return move(to, actor, now, reason.strip());
    }

    private void require(SessionState expected, String action) {
        if (state != expected) {
            throw illegal(action);
        }
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

    public GateReading preDoseReading() {
        return preDoseReading;
    }

    public List<Transition> history() {
        return List.copyOf(history);
    }
}
