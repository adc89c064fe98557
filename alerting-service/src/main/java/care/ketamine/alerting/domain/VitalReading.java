package care.ketamine.alerting.domain;

import java.time.Instant;

/**
 * The values of one reading that the rules look at. A value the device did not measure is null: an
 * oximeter's reading has no blood pressure, a cuff's no SpO2, and respiratory rate is optional.
 *
 * @param stream     the device stream the reading belongs to (its device id); order and persistence are judged within it
 * @param deviceKind a {@code DeviceKinds} value: {@code pulse-oximeter} streams about once a second,
 *                   the others ({@code bp-cuff}, {@code monitor}) take spot measurements minutes apart
 */
public record VitalReading(String sessionId, String stream, String deviceKind, Integer systolic, Integer diastolic,
                           Integer heartRate, Integer spo2, Integer respiratoryRate, Instant measuredAt) {

    public static final String PULSE_OXIMETER = "pulse-oximeter";
    public static final String MONITOR = "monitor";

    /** A combined monitor's reading (blood pressure, heart rate, SpO2), the original device. */
    public VitalReading(String sessionId, int systolic, int diastolic, Integer heartRate, Integer spo2, Instant measuredAt) {
        this(sessionId, MONITOR, MONITOR, systolic, diastolic, heartRate, spo2, null, measuredAt);
    }

    /** A stream of about one sample a second, where a value must last to count (motion artefacts are short dips). */
    public boolean continuous() {
        return PULSE_OXIMETER.equals(deviceKind);
    }

    public boolean hasBloodPressure() {
        return systolic != null && diastolic != null;
    }

    String bloodPressure() {
        return systolic + "/" + diastolic + " mm[Hg]";
    }
}
