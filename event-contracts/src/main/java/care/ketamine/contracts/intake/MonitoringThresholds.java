package care.ketamine.contracts.intake;

/**
 * A patient's monitoring thresholds, as approved in their plan. Blood pressure in mm[Hg], heart
 * rate in /min, SpO2 in %.
 *
 * @param gateMaxSystolic     pre-dose gate: no dose above this systolic
 * @param gateMaxDiastolic    pre-dose gate: no dose above this diastolic
 * @param gateMaxHeartRate    pre-dose gate: no dose above this heart rate
 * @param warnSystolic        alert: a warning above this systolic
 * @param warnDiastolic       alert: a warning above this diastolic
 * @param riseSystolic        alert: a warning for a rise of this much systolic over the pre-dose reading
 * @param riseDiastolic       alert: a warning for a rise of this much diastolic over the pre-dose reading
 * @param heartRateHigh       alert: a warning above this heart rate
 * @param heartRateLow        alert: a warning below this heart rate
 * @param spo2Warning         alert: a warning below this SpO2
 * @param spo2Critical        alert: critical below this SpO2; never below 90
 */
public record MonitoringThresholds(int gateMaxSystolic, int gateMaxDiastolic, int gateMaxHeartRate,
                                   int warnSystolic, int warnDiastolic, int riseSystolic, int riseDiastolic,
                                   int heartRateHigh, int heartRateLow, int spo2Warning, int spo2Critical) {
}
