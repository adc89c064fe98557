package care.ketamine.contracts.intake;

import care.ketamine.contracts.EventType;

import java.time.Instant;

/**
 * A screening needs a clinician's urgent review: a task is open until a clinician licensed in the
 * patient's state takes it, and alerting pages on-call if nobody has by {@code dueAt}. Answers,
 * scores and the reasons stay in intake; the urgency is what alerting needs to choose a severity.
 *
 * @param urgency {@link #ACUTE} (acute suicidal ideation, a recent attempt or intent: hours matter) or {@link #PROMPT}
 */
public record UrgentReviewOpened(String taskId, String patientId, String urgency, Instant openedAt, Instant dueAt) {

    public static final String ACUTE = "ACUTE";
    public static final String PROMPT = "PROMPT";

    public static final EventType<UrgentReviewOpened> TYPE =
            new EventType<>("urgent-review.opened", 1, UrgentReviewOpened.class);
}
