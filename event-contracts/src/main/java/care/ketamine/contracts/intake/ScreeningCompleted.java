package care.ketamine.contracts.intake;

import care.ketamine.contracts.EventType;

import java.time.Instant;

/**
 * A screening was recorded. Answers, scores, self-harm follow-up and baseline vitals stay in intake:
 * no consumer reads them (the baseline that monitoring needs travels on treatment-plan.approved).
 * Version 2 dropped the PHQ-9 and GAD-7 totals and bands, selfHarmFollowUp and the baseline vitals.
 */
public record ScreeningCompleted(String patientId, String screeningId, Instant screenedAt) {

    public static final EventType<ScreeningCompleted> TYPE =
            new EventType<>("screening.completed", 2, ScreeningCompleted.class);
}
