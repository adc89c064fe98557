package care.ketamine.session.domain;

import java.time.Duration;

/** The kinds of session in a treatment series, with the shortest each may be booked for. */
public enum SessionType {
    PREPARATION(Duration.ofMinutes(30)),
    /** Blocks at least 2.5 h of the clinician's calendar: dose, 2 h of monitoring, recovery. */
    DOSING(Duration.ofMinutes(150)),
    INTEGRATION(Duration.ofMinutes(30));

    private final Duration minimum;

    SessionType(Duration minimum) {
        this.minimum = minimum;
    }

    public Duration minimum() {
        return minimum;
    }
}
