package care.ketamine.intake.screening;

import care.ketamine.intake.domain.EligibilityDecision;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

@Schema(description = "A recorded screening with the computed scores and the eligibility decision")
public record ScreeningView(UUID id, UUID patientId, Instant screenedAt, String screenedBy,
                            Score phq9, Score gad7, boolean selfHarmFollowUp,
                            int baselineSystolic, int baselineDiastolic, int baselineHeartRate,
                            Decision eligibility,
                            @Schema(description = "The urgent-review task this screening opened (suicide risk), or null")
                            UrgentReviewTask urgentReviewTask) {

    public record Score(int total, String band) {
    }

    @Schema(description = "Waiting for a clinician licensed in the patient's state (GET /urgent-reviews)")
    public record UrgentReviewTask(UUID id, String urgency, Instant dueAt) {
    }

    @Schema(description = "ELIGIBLE, NEEDS_REVIEW or INELIGIBLE with every reason")
    public record Decision(String outcome, boolean urgentReview, List<EligibilityDecision.Reason> reasons,
                           List<String> crisisResources) {
    }
}
