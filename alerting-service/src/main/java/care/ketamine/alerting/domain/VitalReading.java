package care.ketamine.alerting.domain;

import java.time.Instant;

/** The values of one reading that the rules look at. Heart rate and SpO2 may be absent. */
public record VitalReading(String sessionId, int systolic, int diastolic, Integer heartRate, Integer spo2,
                           Instant measuredAt) {

    String bloodPressure() {
        return systolic + "/" + diastolic + " mm[Hg]";
    }
}
