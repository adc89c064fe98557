package care.ketamine.contracts.sessions;

import java.util.Set;

/**
 * The session states other services act on, as {@link SessionChanged#state()} names them. A dosed
 * session that was aborted goes to ENDED_EARLY and stays monitored until discharge or handover to
 * emergency services: only the states in {@link #ENDED} stop monitoring.
 */
public final class SessionStates {

    /** Monitoring has stopped: no reading is admitted, no prompt goes out, no timed rule runs. */
    public static final Set<String> ENDED = Set.of("COMPLETED", "ABORTED", "CANCELLED", "HANDED_OVER");

    /** Readings and check-ins are admitted: from check-in until the session ends. */
    public static final Set<String> ACTIVE = Set.of("CHECKED_IN", "HELD", "PRE_DOSE_CHECK", "DOSE_AUTHORIZED", "DOSED",
            "MONITORING", "RECOVERED", "ENDED_EARLY");

    /** The tablet has been taken and the patient is not yet discharged: every post-dose rule runs. */
    public static final Set<String> AFTER_DOSE = Set.of("DOSED", "MONITORING", "ENDED_EARLY");

    private SessionStates() {
    }

    /** False for no state (a session not heard of yet). */
    public static boolean ended(String state) {
        return state != null && ENDED.contains(state);
    }
}
