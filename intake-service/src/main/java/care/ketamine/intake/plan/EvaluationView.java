package care.ketamine.intake.plan;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

@Schema(description = "A recorded evaluation, with the plan it created when approved")
public record EvaluationView(UUID id, UUID patientId, UUID screeningId, String clinicianId, String decision, String note,
                             Instant decidedAt, PlanView plan) {
}
