package care.ketamine.vitals.domain;

import java.time.Instant;

/**
 * A blood-pressure reading as a device sent it; any value may be missing. Units: mm[Hg] for
 * pressure, /min for heart rate, % for SpO2.
 */
public record Reading(String readingId, Integer systolic, Integer diastolic, Integer heartRate, Integer spo2,
                      Instant measuredAt) {
}
