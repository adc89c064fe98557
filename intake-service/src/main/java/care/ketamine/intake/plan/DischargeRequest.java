package care.ketamine.intake.plan;

import care.ketamine.platform.problem.FreeText;
import care.ketamine.platform.problem.TextLimit;
import jakarta.validation.constraints.NotBlank;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "Why the patient leaves the program")
public record DischargeRequest(
        @Schema(required = true, maxLength = FreeText.NOTE_CHARACTERS,
                description = "At most " + FreeText.NOTE_CHARACTERS + " characters and " + FreeText.NOTE_BYTES
                        + " bytes (UTF-8); stays in intake (not on any event)",
                examples = "Series completed; remission sustained.")
        @NotBlank @TextLimit(TextLimit.Kind.NOTE) String reason) {
}
