package care.ketamine.intake.plan;

import care.ketamine.contracts.intake.DosingAddress;
import care.ketamine.contracts.intake.MonitoringThresholds;
import care.ketamine.contracts.intake.PatientQuietWindow;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

@Schema(description = "A treatment plan; ACTIVE or SUPERSEDED")
public record PlanView(UUID id, UUID patientId, String status, UUID supersedesPlanId, int dosingSessions,
                       int minDaysBetweenDoses, int doseMg, String route, MonitoringThresholds thresholds,
                       @Schema(description = "When the patient is not prompted, in minutes after the dose (the sitter "
                               + "is); null on plans approved before plans carried it, which had the monitoring default")
                       PatientQuietWindow patientQuietWindow,
                       String approvedBy, Instant approvedAt, Instant supersededAt,
                       @Schema(description = "Where the patient will be during sessions, with the local emergency number; "
                               + "null when the plan names none (recorded at check-in)")
                       DosingAddress dosingAddress,
                       @Schema(description = "Whether the sitter is texted to check on the patient on critical alerts")
                       boolean textSitterOnCriticalAlerts) {
}
