package care.ketamine.intake.plan;

import care.ketamine.platform.problem.FreeText;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "A clinician's decision on the patient's latest screening")
public record EvaluationRequest(
        @Schema(required = true, enumeration = {"APPROVE", "DECLINE"}) Decision decision,
        @Schema(required = true, maxLength = FreeText.NOTE_CHARACTERS,
                description = "The clinician's note; at most " + FreeText.NOTE_CHARACTERS + " characters and "
                        + FreeText.NOTE_BYTES + " bytes (UTF-8)",
                examples = "Reviewed BP history; approve with standard monitoring.")
        String note,
        @Schema(description = "Required to approve") PlanRequest plan) {

    public enum Decision { APPROVE, DECLINE }
}
