package care.ketamine.session.clinician;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.LocalDate;

@Schema(description = "Leave: days away, inclusive, in the clinician's time zone")
public record LeaveRequest(@Schema(required = true, examples = "2026-12-24") LocalDate startsOn,
                           @Schema(required = true, examples = "2026-12-28") LocalDate endsOn,
                           @Schema(required = true, maxLength = 1000, examples = "holiday") String reason) {
}
