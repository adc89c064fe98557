package care.ketamine.intake.plan;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "A clinician's decision on the patient's latest screening")
public record EvaluationRequest(
        @Schema(required = true, enumeration = {"APPROVE", "DECLINE"}) Decision decision,
        @Schema(required = true, description = "The clinician's note", examples = "Reviewed BP history; approve with standard monitoring.")
        String note,
        @Schema(description = "Required to approve") PlanRequest plan) {

    public enum Decision { APPROVE, DECLINE }
}
