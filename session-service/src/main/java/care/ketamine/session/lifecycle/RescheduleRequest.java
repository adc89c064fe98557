package care.ketamine.session.lifecycle;

import care.ketamine.platform.problem.FreeText;
import care.ketamine.platform.problem.TextLimit;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

@Schema(description = "A new start for a SCHEDULED session, and why")
public record RescheduleRequest(@Schema(required = true, examples = "2026-12-04T17:00:00Z") @NotNull Instant start,
                                @Schema(required = true, maxLength = FreeText.REASON_CHARACTERS,
                                        examples = "Patient's sitter unavailable")
                                @NotBlank(message = "is required to reschedule") @TextLimit(TextLimit.Kind.REASON)
                                String reason) {
}
