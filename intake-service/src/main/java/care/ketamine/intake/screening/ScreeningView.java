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
                            Decision eligibility) {

    public record Score(int total, String band) {
    }

    @Schema(description = "ELIGIBLE, NEEDS_REVIEW or INELIGIBLE with every reason")
    public record Decision(String outcome, boolean urgentReview, List<EligibilityDecision.Reason> reasons,
                           List<String> crisisResources) {
    }
}
