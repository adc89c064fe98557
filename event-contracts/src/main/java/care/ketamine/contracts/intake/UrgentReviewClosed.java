package care.ketamine.contracts.intake;

import care.ketamine.contracts.EventType;

import java.time.Instant;

/** An urgent-review task was closed with an outcome; the outcome note stays in intake. */
public record UrgentReviewClosed(String taskId, String patientId, String closedBy, Instant closedAt) {

    public static final EventType<UrgentReviewClosed> TYPE =
            new EventType<>("urgent-review.closed", 1, UrgentReviewClosed.class);
}
