package care.ketamine.contracts.intake;

import care.ketamine.contracts.EventType;

import java.time.Instant;

/** A licensed clinician took an urgent-review task: from now on it is theirs. */
public record UrgentReviewTaken(String taskId, String patientId, String takenBy, Instant takenAt) {

    public static final EventType<UrgentReviewTaken> TYPE =
            new EventType<>("urgent-review.taken", 1, UrgentReviewTaken.class);
}
