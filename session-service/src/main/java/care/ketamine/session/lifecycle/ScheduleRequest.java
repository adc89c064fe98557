package care.ketamine.session.lifecycle;

import care.ketamine.session.domain.SessionType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

@Schema(description = "A session to book for a patient with a clinician")
public record ScheduleRequest(
        @Schema(required = true) UUID patientId,
        @Schema(required = true, examples = "dr.okafor") String clinicianId,
        @Schema(required = true, examples = "DOSING") SessionType type,
        @Schema(required = true, description = "Start, UTC", examples = "2026-12-03T17:00:00Z") Instant start,
        @Schema(description = "Default per type from configuration (sessions.duration.*: 60, 150, 60); a DOSING session blocks at least 150")
        Integer durationMinutes) {
}
