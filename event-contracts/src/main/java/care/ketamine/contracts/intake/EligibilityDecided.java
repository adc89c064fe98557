package care.ketamine.contracts.intake;

import care.ketamine.contracts.EventType;

import java.time.Instant;

/**
 * The eligibility engine decided on a screening. The outcome and its reasons (which name suicidal
 * ideation, attempts and PHQ-9 item 9) and the urgent-review flag stay in intake: no consumer reads
 * them. Version 2 dropped outcome, reasonCodes and urgentReview.
 */
public record EligibilityDecided(String patientId, String screeningId, Instant decidedAt) {

    public static final EventType<EligibilityDecided> TYPE =
            new EventType<>("eligibility.decided", 2, EligibilityDecided.class);
}
