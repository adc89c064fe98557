package care.ketamine.session.clinician;

import care.ketamine.platform.problem.FreeText;
import care.ketamine.platform.problem.TextLimit;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.LocalDate;

@Schema(description = "Leave: days away, inclusive, in the clinician's time zone")
public record LeaveRequest(@Schema(required = true, examples = "2026-12-24") @NotNull LocalDate startsOn,
                           @Schema(required = true, examples = "2026-12-28", description = "Not before startsOn")
                           @NotNull LocalDate endsOn,
                           @Schema(required = true, maxLength = FreeText.REASON_CHARACTERS, examples = "holiday")
                           @NotBlank @TextLimit(TextLimit.Kind.REASON) String reason) {
}
