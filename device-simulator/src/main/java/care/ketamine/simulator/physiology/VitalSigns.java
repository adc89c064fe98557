package care.ketamine.simulator.physiology;

/** One set of values a cuff with a pulse oximeter reports. */
public record VitalSigns(int systolic, int diastolic, int heartRate, int spo2) {
}
