package care.ketamine.contracts.vitals;

import care.ketamine.contracts.EventType;

import java.time.Duration;
import java.time.Instant;

/**
 * vitals-service asked a respondent to check in. Prompts go out on the session's cadence from the
 * dose (by default every 15 minutes for the first 2 hours), so a prompt that no check-in answers is
 * detectable downstream.
 *
 * @param respondent {@code patient} (the brief dissociation check) or {@code sitter} (MOAA/S as observed)
 * @param sequence   1 for the first prompt after the dose, 2 for the next...
 */
public record CheckInPrompted(String promptId, String sessionId, String respondent, int sequence, Instant dueAt,
                              Instant issuedAt) {

    public static final String PATIENT = "patient";
    public static final String SITTER = "sitter";

    /**
     * A prompt unanswered this long after it was due is missed: alerting warns (critical at twice as long) and the
     * console shows it MISSED. Clinical time: each service divides it by {@code clinic.time-compression}.
     */
    public static final Duration MISSED_AFTER = Duration.ofMinutes(5);

    public static final EventType<CheckInPrompted> TYPE = new EventType<>("check-in.prompted", 1, CheckInPrompted.class);
}
