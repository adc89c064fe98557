package care.ketamine.alerting.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * An urgent review from intake (suicide risk at screening) that nobody took by its deadline:
 * {@code urgent-review-overdue}, CRITICAL for acute risk (acute ideation, a recent attempt or intent),
 * WARNING otherwise. It is a patient's alert, not a session's: its subject (where a session's alert
 * has the session id) is {@code urgent-review-<taskId>}, so each task is its own alert and a second
 * overdue task of the same patient pages afresh instead of folding into an acknowledged one.
 */
public final class UrgentReviewRules {

    public static final String OVERDUE = "urgent-review-overdue";
    public static final String SUBJECT_PREFIX = "urgent-review-";
    /** The urgency intake gives thoughts of self-harm alone (UrgentReviewOpened.PROMPT); any other is treated as acute. */
    public static final String PROMPT = "PROMPT";

    private UrgentReviewRules() {
    }

    /** The alert's subject, in the place of a session id. */
    public static String subject(String taskId) {
        return SUBJECT_PREFIX + taskId;
    }

    /** The condition when the deadline has passed and nobody took the task; empty otherwise. */
    public static Optional<AlertCondition> overdue(String taskId, String urgency, Instant dueAt, Instant takenAt,
                                                   Instant now) {
        if (takenAt != null || now.isBefore(dueAt)) {
            return Optional.empty();
        }
        boolean acute = !PROMPT.equals(urgency); // an urgency we do not know is treated as the worst
        long minutesLate = Duration.between(dueAt, now).toMinutes();
        return Optional.of(new AlertCondition(OVERDUE, acute ? Severity.CRITICAL : Severity.WARNING, subject(taskId),
                "not taken, due " + dueAt, minutesLate,
                (acute ? "Acute suicide risk at intake screening" : "Self-harm thoughts at intake screening")
                        + ": urgent review not taken by its deadline; a licensed clinician must take it (GET /urgent-reviews in intake)",
                dueAt));
    }

    /** What an alert shows once someone took the task after it was raised. */
    public static String takenLate(String takenBy, Instant takenAt, Instant dueAt) {
        return "taken by " + takenBy + " at " + takenAt + ", " + Duration.between(dueAt, takenAt).toMinutes()
                + " min after the deadline";
    }
}
