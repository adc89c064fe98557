package care.ketamine.contracts.sessions;

import care.ketamine.contracts.EventType;
import care.ketamine.contracts.intake.MonitoringThresholds;
import care.ketamine.contracts.intake.PatientQuietWindow;
import care.ketamine.contracts.intake.TreatmentPlanApproved;

import java.time.Instant;

/**
 * A session was scheduled, rescheduled or moved through its lifecycle. Carries what vitals and
 * alerting need: who, the plan's thresholds, the baseline and the pre-dose reading, the dose
 * time, the check-in cadence and the patient's quiet window, and whom to call.
 *
 * @param change               SCHEDULED, RESCHEDULED, DEVICE_PAIRED, DEVICE_REVOKED, or the state the session moved to
 * @param deviceId             the device paired or revoked; null for other changes
 * @param checkInEveryMinutes  prompts go out this often from the dose...
 * @param checkInForMinutes    ...for this long
 * @param device               on DEVICE_PAIRED, the device's kind and cadence; null otherwise and in events
 *                             written before pairing described devices (read as a combined monitor)
 * @param patientQuietWindow   the plan's window after the dose in which the patient is not prompted (the sitter is);
 *                             null in events written before plans carried it, and for plans approved before then:
 *                             vitals then uses its own setting. Optional, so version 1 still reads.
 * @param dosingAddress        the session's dosing address and local emergency number, with who confirmed the patient is
 *                             there and when (null until confirmed); null when none is on file, on device changes, and
 *                             in events written before sessions carried it. Optional, so version 1 still reads.
 * @param textSitterOnCriticalAlerts the plan's word on texting the sitter to check on the patient: false when the plan
 *                             says not to; null means on (the safe choice), and is what device changes (which carry no
 *                             contacts either) and events written before plans carried it say. Last and optional.
 */
public record SessionChanged(String sessionId, String patientId, String clinicianId, String type, String change,
                             String fromState, String state, String actor, String reason, Instant at,
                             Instant scheduledStart, Instant scheduledEnd, Instant dosedAt,
                             MonitoringThresholds thresholds, int baselineSystolic, int baselineDiastolic,
                             Integer preDoseSystolic, Integer preDoseDiastolic,
                             int checkInEveryMinutes, int checkInForMinutes,
                             TreatmentPlanApproved.Person sitter, TreatmentPlanApproved.Person emergencyContact,
                             String deviceId, PairedDevice device, PatientQuietWindow patientQuietWindow,
                             SessionAddress dosingAddress, Boolean textSitterOnCriticalAlerts) {

    /** A change that carries no word on the sitter's texts (on). */
    public SessionChanged(String sessionId, String patientId, String clinicianId, String type, String change,
                          String fromState, String state, String actor, String reason, Instant at,
                          Instant scheduledStart, Instant scheduledEnd, Instant dosedAt,
                          MonitoringThresholds thresholds, int baselineSystolic, int baselineDiastolic,
                          Integer preDoseSystolic, Integer preDoseDiastolic,
                          int checkInEveryMinutes, int checkInForMinutes,
                          TreatmentPlanApproved.Person sitter, TreatmentPlanApproved.Person emergencyContact,
                          String deviceId, PairedDevice device, PatientQuietWindow patientQuietWindow,
                          SessionAddress dosingAddress) {
        this(sessionId, patientId, clinicianId, type, change, fromState, state, actor, reason, at, scheduledStart,
                scheduledEnd, dosedAt, thresholds, baselineSystolic, baselineDiastolic, preDoseSystolic,
                preDoseDiastolic, checkInEveryMinutes, checkInForMinutes, sitter, emergencyContact, deviceId, device,
                patientQuietWindow, dosingAddress, null);
    }

    /** A change that carries no dosing address. */
    public SessionChanged(String sessionId, String patientId, String clinicianId, String type, String change,
                          String fromState, String state, String actor, String reason, Instant at,
                          Instant scheduledStart, Instant scheduledEnd, Instant dosedAt,
                          MonitoringThresholds thresholds, int baselineSystolic, int baselineDiastolic,
                          Integer preDoseSystolic, Integer preDoseDiastolic,
                          int checkInEveryMinutes, int checkInForMinutes,
                          TreatmentPlanApproved.Person sitter, TreatmentPlanApproved.Person emergencyContact,
                          String deviceId, PairedDevice device, PatientQuietWindow patientQuietWindow) {
        this(sessionId, patientId, clinicianId, type, change, fromState, state, actor, reason, at, scheduledStart,
                scheduledEnd, dosedAt, thresholds, baselineSystolic, baselineDiastolic, preDoseSystolic,
                preDoseDiastolic, checkInEveryMinutes, checkInForMinutes, sitter, emergencyContact, deviceId, device,
                patientQuietWindow, null, null);
    }

    /** A change that pairs no device and carries no quiet window (vitals then uses its own setting). */
    public SessionChanged(String sessionId, String patientId, String clinicianId, String type, String change,
                          String fromState, String state, String actor, String reason, Instant at,
                          Instant scheduledStart, Instant scheduledEnd, Instant dosedAt,
                          MonitoringThresholds thresholds, int baselineSystolic, int baselineDiastolic,
                          Integer preDoseSystolic, Integer preDoseDiastolic,
                          int checkInEveryMinutes, int checkInForMinutes,
                          TreatmentPlanApproved.Person sitter, TreatmentPlanApproved.Person emergencyContact,
                          String deviceId) {
        this(sessionId, patientId, clinicianId, type, change, fromState, state, actor, reason, at, scheduledStart,
                scheduledEnd, dosedAt, thresholds, baselineSystolic, baselineDiastolic, preDoseSystolic,
                preDoseDiastolic, checkInEveryMinutes, checkInForMinutes, sitter, emergencyContact, deviceId, null, null, null, null);
    }

    public static final EventType<SessionChanged> TYPE = new EventType<>("session.changed", 1, SessionChanged.class);
}
