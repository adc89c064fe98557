package care.ketamine.session.domain;

import care.ketamine.contracts.sessions.SessionStates;

/**
 * Where a session is in its lifecycle. DOSE_AUTHORIZED waits for the tablet to be taken;
 * ENDED_EARLY is a dosed session that was aborted and is still monitored; HANDED_OVER went to
 * emergency services.
 */
public enum SessionState {
    SCHEDULED, CHECKED_IN, HELD, PRE_DOSE_CHECK, DOSE_AUTHORIZED, DOSED, MONITORING, RECOVERED, ENDED_EARLY, COMPLETED,
    ABORTED, CANCELLED, HANDED_OVER;

    /** Monitoring has stopped (the contracts' ENDED set, which other services act on). */
    public boolean ended() {
        return SessionStates.ended(name());
    }

    /** The tablet has been taken: abort keeps the patient monitored, cancel is refused. */
    public boolean afterTablet() {
        return this == DOSED || this == MONITORING || this == RECOVERED || this == ENDED_EARLY;
    }
}
