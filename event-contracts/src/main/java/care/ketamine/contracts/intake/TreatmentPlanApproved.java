package care.ketamine.contracts.intake;

import care.ketamine.contracts.EventType;

import java.time.Instant;

/**
 * A licensed clinician approved a treatment plan. Carries what scheduling and alerting need:
 * the series, the thresholds, the baseline, and whom to call (sitter, emergency contact).
 *
 * @param supersedesPlanId the plan this one replaces (maintenance), or null for the first
 */
public record TreatmentPlanApproved(String patientId, String planId, String supersedesPlanId, String usState,
                                    String timezone, int dosingSessions, int minDaysBetweenDoses, int doseMg,
                                    MonitoringThresholds thresholds, int baselineSystolic, int baselineDiastolic,
                                    int baselineHeartRate, Person sitter, Person emergencyContact,
                                    String approvedBy, Instant approvedAt) {

    public static final EventType<TreatmentPlanApproved> TYPE =
            new EventType<>("treatment-plan.approved", 1, TreatmentPlanApproved.class);

    /** Someone to call during a session. */
    public record Person(String name, String phone, String relationship) {
    }
}
