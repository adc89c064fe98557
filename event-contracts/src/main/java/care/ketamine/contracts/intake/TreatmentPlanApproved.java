package care.ketamine.contracts.intake;

import care.ketamine.contracts.EventType;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A licensed clinician approved a treatment plan. Carries what scheduling and alerting need:
 * the series, the thresholds, the baseline blood pressure, the classes of medication of concern
 * (for the monitoring record), and whom to call (sitter, emergency
 * contact: session-service puts them on session.changed for alerting's notifications and the
 * console, and checks the sitter by name at check-in). Version 2 dropped baselineHeartRate,
 * which no consumer read.
 *
 * @param supersedesPlanId     the plan this one replaces (maintenance), or null for the first
 * @param medicationsOfConcern the classes of medication of concern the latest screening recorded, in words
 *                             (e.g. "opioid"): never the medications themselves nor free text; empty when the
 *                             screening recorded none; null on events published before intake carried it, which
 *                             means "not recorded", not "none".
 * @param patientQuietWindow   when the patient is not prompted after the dose (the sitter is); null on events published
 *                             before plans carried it, which means the monitoring service's default (20 to 60 minutes).
 * @param dosingAddress        where the patient will be during sessions and the local emergency number; null when the
 *                             plan names none (then recorded at check-in) and on events published before plans carried it.
 *                             Fields added after version 2 come last and may be absent, so that older events still
 *                             read; they keep the version, which an older consumer would otherwise refuse.
 * @param patient              the patient's name and date of birth, for the clinician's console only (the session's
 *                             staff see who they are monitoring); null on events published before plans carried it.
 */
public record TreatmentPlanApproved(String patientId, String planId, String supersedesPlanId, String usState,
                                    String timezone, int dosingSessions, int minDaysBetweenDoses, int doseMg,
                                    MonitoringThresholds thresholds, int baselineSystolic, int baselineDiastolic,
                                    Person sitter, Person emergencyContact,
                                    String approvedBy, Instant approvedAt, List<String> medicationsOfConcern,
                                    PatientQuietWindow patientQuietWindow, DosingAddress dosingAddress,
                                    Boolean textSitterOnCriticalAlerts, Patient patient) {

    /** A plan that names no patient details (as before plans carried them). */
    public TreatmentPlanApproved(String patientId, String planId, String supersedesPlanId, String usState,
                                 String timezone, int dosingSessions, int minDaysBetweenDoses, int doseMg,
                                 MonitoringThresholds thresholds, int baselineSystolic, int baselineDiastolic,
                                 Person sitter, Person emergencyContact,
                                 String approvedBy, Instant approvedAt, List<String> medicationsOfConcern,
                                 PatientQuietWindow patientQuietWindow, DosingAddress dosingAddress,
                                 Boolean textSitterOnCriticalAlerts) {
        this(patientId, planId, supersedesPlanId, usState, timezone, dosingSessions, minDaysBetweenDoses, doseMg,
                thresholds, baselineSystolic, baselineDiastolic, sitter, emergencyContact, approvedBy, approvedAt,
                medicationsOfConcern, patientQuietWindow, dosingAddress, textSitterOnCriticalAlerts, null);
    }

    /** A plan that leaves the sitter's texts on (the default). */
    public TreatmentPlanApproved(String patientId, String planId, String supersedesPlanId, String usState,
                                 String timezone, int dosingSessions, int minDaysBetweenDoses, int doseMg,
                                 MonitoringThresholds thresholds, int baselineSystolic, int baselineDiastolic,
                                 Person sitter, Person emergencyContact,
                                 String approvedBy, Instant approvedAt, List<String> medicationsOfConcern,
                                 PatientQuietWindow patientQuietWindow, DosingAddress dosingAddress) {
        this(patientId, planId, supersedesPlanId, usState, timezone, dosingSessions, minDaysBetweenDoses, doseMg,
                thresholds, baselineSystolic, baselineDiastolic, sitter, emergencyContact, approvedBy, approvedAt,
                medicationsOfConcern, patientQuietWindow, dosingAddress, null, null);
    }

    /** A plan that names no dosing address (it is recorded at check-in). */
    public TreatmentPlanApproved(String patientId, String planId, String supersedesPlanId, String usState,
                                 String timezone, int dosingSessions, int minDaysBetweenDoses, int doseMg,
                                 MonitoringThresholds thresholds, int baselineSystolic, int baselineDiastolic,
                                 Person sitter, Person emergencyContact,
                                 String approvedBy, Instant approvedAt, List<String> medicationsOfConcern,
                                 PatientQuietWindow patientQuietWindow) {
        this(patientId, planId, supersedesPlanId, usState, timezone, dosingSessions, minDaysBetweenDoses, doseMg,
                thresholds, baselineSystolic, baselineDiastolic, sitter, emergencyContact, approvedBy, approvedAt,
                medicationsOfConcern, patientQuietWindow, null, null, null);
    }

    /** Whether the sitter is texted to check on the patient: unless the plan said not to (absent means on). */
    public boolean sitterTexted() {
        return !Boolean.FALSE.equals(textSitterOnCriticalAlerts);
    }

    public static final EventType<TreatmentPlanApproved> TYPE =
            new EventType<>("treatment-plan.approved", 2, TreatmentPlanApproved.class);

    /** Someone to call during a session. */
    public record Person(String name, String phone, String relationship) {
    }

    /** Who the patient is, as the console shows them: name and date of birth (for the age), nothing more. */
    public record Patient(String givenName, String familyName, LocalDate dateOfBirth) {
    }
}
