package care.ketamine.session.domain;

import java.time.Instant;

/** A session on a patient's or a clinician's calendar, UTC. */
public record Booking(String sessionId, SessionType type, Instant start, Instant end, SessionState state) {

    /** Cancelled and aborted sessions hold no time and use up no dose of the series. */
    public boolean holdsTime() {
        return state != SessionState.CANCELLED && state != SessionState.ABORTED;
    }

    public boolean overlaps(Instant otherStart, Instant otherEnd) {
        return start.isBefore(otherEnd) && otherStart.isBefore(end);
    }
}
