package care.ketamine.session.domain;

/** Where a dosing session is in its lifecycle. */
public enum SessionState {
    SCHEDULED, CHECKED_IN, HELD, PRE_DOSE_CHECK, DOSED, MONITORING, RECOVERED, COMPLETED, ABORTED, CANCELLED;

    public boolean ended() {
        return this == COMPLETED || this == ABORTED || this == CANCELLED;
    }
}
