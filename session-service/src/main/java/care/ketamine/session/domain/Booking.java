package care.ketamine.session.domain;

import java.time.Instant;

/** A session on a patient's or a clinician's calendar, UTC; {@code dosedAt} when its tablet was taken. */
public record Booking(String sessionId, SessionType type, Instant start, Instant end, SessionState state, Instant dosedAt) {

    public Booking(String sessionId, SessionType type, Instant start, Instant end, SessionState state) {
        this(sessionId, type, start, end, state, null);
    }

    /** Cancelled and aborted sessions hold no time. */
    public boolean holdsTime() {
        return state != SessionState.CANCELLED && state != SessionState.ABORTED;
    }

    /**
     * A dosing session uses up a dose of the series and counts for the spacing when its tablet was
     * taken, whatever its end state; cancelled, and aborted before the dose, it does not.
     */
    public boolean usesADose() {
        return type == SessionType.DOSING && (dosedAt != null || holdsTime());
    }

    public boolean overlaps(Instant otherStart, Instant otherEnd) {
        return start.isBefore(otherEnd) && otherStart.isBefore(end);
    }
}
