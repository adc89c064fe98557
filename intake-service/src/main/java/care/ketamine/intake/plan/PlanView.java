package care.ketamine.intake.plan;

import care.ketamine.contracts.intake.MonitoringThresholds;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

@Schema(description = "A treatment plan; ACTIVE or SUPERSEDED")
public record PlanView(UUID id, UUID patientId, String status, UUID supersedesPlanId, int dosingSessions,
                       int minDaysBetweenDoses, int doseMg, String route, MonitoringThresholds thresholds,
                       String approvedBy, Instant approvedAt, Instant supersededAt) {
}
