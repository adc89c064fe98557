package care.ketamine.contracts.intake;

import care.ketamine.contracts.EventType;

import java.time.Instant;
import java.util.List;

/** The eligibility engine's decision on a screening: ELIGIBLE, NEEDS_REVIEW or INELIGIBLE, and why. */
public record EligibilityDecided(String patientId, String screeningId, String outcome, List<String> reasonCodes,
                                 boolean urgentReview, Instant decidedAt) {

    public static final EventType<EligibilityDecided> TYPE =
            new EventType<>("eligibility.decided", 1, EligibilityDecided.class);
}
