package care.ketamine.intake.plan;

import care.ketamine.intake.domain.TextLimit;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "Why the patient leaves the program")
public record DischargeRequest(
        @Schema(required = true, maxLength = TextLimit.NOTE_CHARACTERS,
                description = "At most " + TextLimit.NOTE_CHARACTERS + " characters and " + TextLimit.NOTE_BYTES
                        + " bytes (UTF-8); stays in intake (not on any event)",
                examples = "Series completed; remission sustained.") String reason) {
}
