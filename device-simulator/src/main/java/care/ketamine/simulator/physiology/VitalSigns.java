package care.ketamine.simulator.physiology;

/** The patient's values at one moment, as a cuff (BP, pulse) and an oximeter (SpO2, pulse, respiratory rate) see them. */
public record VitalSigns(int systolic, int diastolic, int heartRate, int spo2, int respiratoryRate) {

    /** Values with a normal respiratory rate (14/min). */
    public VitalSigns(int systolic, int diastolic, int heartRate, int spo2) {
        this(systolic, diastolic, heartRate, spo2, 14);
    }
}
