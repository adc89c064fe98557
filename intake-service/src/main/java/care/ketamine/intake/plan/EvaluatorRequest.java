package care.ketamine.intake.plan;

import care.ketamine.platform.problem.FreeText;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "The clinician who takes over a patient's evaluation")
public record EvaluatorRequest(
        @Schema(required = true, maxLength = FreeText.NAME_CHARACTERS, examples = "dr-okafor",
                description = "The clinician's id: an active prescriber licensed in the patient's state") String clinicianId) {
}
