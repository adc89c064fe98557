package care.ketamine.intake.urgentreview;

import care.ketamine.platform.problem.FreeText;
import care.ketamine.platform.problem.TextLimit;
import jakarta.validation.constraints.NotBlank;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "How the urgent review ended")
public record CloseRequest(
        @Schema(required = true, maxLength = FreeText.NOTE_CHARACTERS,
                description = "The outcome; at most " + FreeText.NOTE_CHARACTERS + " characters and " + FreeText.NOTE_BYTES
                        + " bytes (UTF-8); stays in intake (not on any event)",
                examples = "Called the patient: passive ideation, no plan; safety plan agreed, follow-up in 2 days.")
        @NotBlank @TextLimit(TextLimit.Kind.NOTE) String outcome) {
}
