package care.ketamine.intake.plan;

import care.ketamine.platform.problem.FreeText;
import care.ketamine.platform.problem.TextLimit;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "A clinician's decision on the patient's latest screening")
public record EvaluationRequest(
        @Schema(required = true, enumeration = {"APPROVE", "DECLINE"})
        @NotNull(message = "is required: APPROVE or DECLINE") Decision decision,
        @Schema(required = true, maxLength = FreeText.NOTE_CHARACTERS,
                description = "The clinician's note; at most " + FreeText.NOTE_CHARACTERS + " characters and "
                        + FreeText.NOTE_BYTES + " bytes (UTF-8)",
                examples = "Reviewed BP history; approve with standard monitoring.")
        @NotBlank @TextLimit(TextLimit.Kind.NOTE) String note,
        // Required to approve, and its terms are the plan's rules (PlanTerms): checked by the use case.
        @Schema(description = "Required to approve") PlanRequest plan) {

    public enum Decision { APPROVE, DECLINE }
}
