package care.ketamine.intake.plan;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "Why the patient leaves the program")
public record DischargeRequest(@Schema(required = true, examples = "Series completed; remission sustained.") String reason) {
}
