package care.ketamine.session.lifecycle;

import care.ketamine.session.domain.SessionType;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.hibernate.validator.constraints.Range;

import java.time.Instant;
import java.util.UUID;

/** The annotations are the booking's shape; whether the calendars and the plan allow it is {@code SchedulingRules}. */
@Schema(description = "A session to book for a patient with a clinician")
public record ScheduleRequest(
        @Schema(required = true) @NotNull UUID patientId,
        @Schema(required = true, examples = "dr.okafor") @NotBlank String clinicianId,
        @Schema(required = true, examples = "DOSING") @NotNull SessionType type,
        @Schema(required = true, description = "Start, UTC", examples = "2026-12-03T17:00:00Z") @NotNull Instant start,
        @Schema(description = "Default per type from configuration (sessions.duration.*: 60, 150, 60); a DOSING session "
                + "blocks at least 150; 15 to 480", minimum = "15", maximum = "480")
        @Range(min = 15, max = 480) Integer durationMinutes) {
}
