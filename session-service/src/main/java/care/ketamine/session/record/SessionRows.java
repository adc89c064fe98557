package care.ketamine.session.record;

import java.time.Instant;
import java.util.List;

/**
 * What a monitoring record is computed from: the session's own facts and rows (its readings and
 * check-ins from the console feed, its steps, the latest snapshot of each of its alerts). Plain values.
 */
public record SessionRows(Facts session, List<Reading> readings, List<PatientCheckIn> patientCheckIns,
                          List<SitterCheckIn> sitterCheckIns, List<Step> steps, List<Alert> alerts) {

    public SessionRows {
        readings = List.copyOf(readings);
        patientCheckIns = List.copyOf(patientCheckIns);
        sitterCheckIns = List.copyOf(sitterCheckIns);
        steps = List.copyOf(steps);
        alerts = List.copyOf(alerts);
    }

    /** The session as stored: the dose time is when the tablet was taken; the pre-dose reading is the one the gate passed. */
    public record Facts(String sessionId, String patientId, String clinicianId, String type, String state,
                        Instant scheduledStart, String patientTimezone, Instant dosedAt,
                        Integer preDoseSystolic, Integer preDoseDiastolic, Integer preDoseHeartRate) {
    }

    /**
     * A reading as measured, at its corrected time, with the kind of device that measured it; a value is null
     * when the device did not measure it (an oximeter's reading has no blood pressure, a cuff's no SpO2).
     */
    public record Reading(Instant measuredAt, Integer systolic, Integer diastolic, Integer heartRate, Integer spo2,
                          Integer respiratoryRate, String deviceKind) {

        /** A combined monitor's reading. */
        public Reading(Instant measuredAt, Integer systolic, Integer diastolic, Integer heartRate, Integer spo2,
                       Integer respiratoryRate) {
            this(measuredAt, systolic, diastolic, heartRate, spo2, respiratoryRate, "monitor");
        }

        boolean hasBloodPressure() {
            return systolic != null && diastolic != null;
        }
    }

    /** The patient's brief dissociation check (three items adapted from CADSS, each 0-4) and "I am OK". */
    public record PatientCheckIn(Instant answeredAt, int unreality, int bodyDisconnection, int timeDistortion,
                                 boolean feelsOk) {
        int dissociationTotal() {
            return unreality + bodyDisconnection + timeDistortion;
        }
    }

    /** The sitter's look-in: MOAA/S as observed (0-5) and whether the sitter is present. */
    public record SitterCheckIn(Instant answeredAt, int moaas, boolean present) {
    }

    /** A session_transition row: who moved the session, from where to where, when and why. */
    public record Step(String from, String to, String actor, Instant at, String reason) {
    }

    /** An alert of the session as alerting last described it. */
    public record Alert(String alertId, String rule, String severity, String status, String summary, String worstValue,
                        int occurrences, int reopenings, Instant openedAt, int escalationStep, String acknowledgedBy,
                        Instant acknowledgedAt, String acknowledgement, String resolvedBy, Instant resolvedAt,
                        String resolution) {
    }
}
