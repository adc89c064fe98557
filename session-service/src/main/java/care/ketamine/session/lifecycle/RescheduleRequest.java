package care.ketamine.session.lifecycle;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

@Schema(description = "A new start for a SCHEDULED session, and why")
public record RescheduleRequest(@Schema(required = true, examples = "2026-12-04T17:00:00Z") Instant start,
                                @Schema(required = true, maxLength = 1000, examples = "Patient's sitter unavailable") String reason) {
}
