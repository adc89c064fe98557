package care.ketamine.intake.domain;

import java.util.List;

/**
 * The eligibility engine's answer with every reason behind it.
 *
 * @param urgentReview    acute suicidal ideation: a clinician must review now
 * @param crisisResources where to send a person at risk (acute ideation, an attempt or intent, PHQ-9 item 9
 *                        above 0); non-empty only then
 */
public record EligibilityDecision(Eligibility outcome, List<Reason> reasons, boolean urgentReview,
                                  List<String> crisisResources, Questionnaire.Score phq9, Questionnaire.Score gad7,
                                  boolean selfHarmFollowUp) {

    /** One rule that fired: a stable code, the outcome it leads to, and the reason in words. */
    public record Reason(String code, Eligibility leadsTo, String explanation) {
    }
}
