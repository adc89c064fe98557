package care.ketamine.intake.outcome;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

@Schema(description = "A follow-up PHQ-9 and GAD-7: answers only, the service computes the totals")
public record OutcomeRequest(
        @Schema(required = true, examples = "[1, 1, 0, 1, 0, 1, 0, 0, 0]") List<Integer> phq9,
        @Schema(required = true, examples = "[1, 0, 1, 0, 0, 1, 0]") List<Integer> gad7,
        @Schema(description = "When the patient answered; default now; never in the future", examples = "2026-11-20T17:00:00Z")
        Instant measuredAt) {
}
