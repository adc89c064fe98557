package care.ketamine.session.domain;

import care.ketamine.contracts.vitals.DeviceKinds;

import java.time.Instant;

/**
 * A reading as the gate, the dose and discharge look at it, with the kind of device that measured it.
 * A cuff's reading has no SpO2, an oximeter's no blood pressure; heart rate may be missing too.
 */
public record GateReading(Integer systolic, Integer diastolic, Integer heartRate, Integer spo2, Instant measuredAt,
                          String deviceKind) {

    /** A combined monitor's reading. */
    public GateReading(Integer systolic, Integer diastolic, Integer heartRate, Integer spo2, Instant measuredAt) {
        this(systolic, diastolic, heartRate, spo2, measuredAt, DeviceKinds.MONITOR);
    }

    public GateReading(Integer systolic, Integer diastolic, Integer heartRate, Instant measuredAt) {
        this(systolic, diastolic, heartRate, null, measuredAt);
    }

    public boolean hasBloodPressure() {
        return systolic != null && diastolic != null;
    }

    /** The device in words, for reasons a clinician reads. */
    static String device(String kind) {
        return switch (kind == null ? DeviceKinds.MONITOR : kind) {
            case DeviceKinds.BP_CUFF -> "the BP cuff";
            case DeviceKinds.PULSE_OXIMETER -> "the pulse oximeter";
            default -> "the monitor";
        };
    }

    String spoken() {
        return (hasBloodPressure() ? "BP " + systolic + "/" + diastolic + ", " : "") + "heart rate "
                + (heartRate == null ? "not measured" : heartRate)
                + (spo2 == null ? hasBloodPressure() ? ", SpO2 not measured" : "" : ", SpO2 " + spo2 + " %")
                + " at " + measuredAt + " (" + device(deviceKind) + ")";
    }
}
