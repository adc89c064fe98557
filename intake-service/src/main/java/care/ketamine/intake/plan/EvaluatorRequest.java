package care.ketamine.intake.plan;

import care.ketamine.platform.problem.FreeText;
import care.ketamine.platform.problem.TextLimit;
import jakarta.validation.constraints.NotBlank;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "The clinician who takes over a patient's evaluation")
public record EvaluatorRequest(
        @Schema(required = true, maxLength = FreeText.NAME_CHARACTERS, examples = "dr-okafor",
                description = "The clinician's id: an active prescriber licensed in the patient's state")
        @NotBlank @TextLimit(TextLimit.Kind.NAME) String clinicianId) {
}
