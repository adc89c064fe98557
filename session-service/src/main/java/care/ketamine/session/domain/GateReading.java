package care.ketamine.session.domain;

import java.time.Instant;

/** A reading as the gate, the dose and discharge look at it; heart rate and SpO2 may be missing. */
public record GateReading(int systolic, int diastolic, Integer heartRate, Integer spo2, Instant measuredAt) {

    public GateReading(int systolic, int diastolic, Integer heartRate, Instant measuredAt) {
        this(systolic, diastolic, heartRate, null, measuredAt);
    }

    String spoken() {
        return "BP " + systolic + "/" + diastolic + ", heart rate " + (heartRate == null ? "not measured" : heartRate)
                + ", SpO2 " + (spo2 == null ? "not measured" : spo2 + " %") + " at " + measuredAt;
    }
}
