package care.ketamine.contracts.vitals;

import care.ketamine.contracts.EventType;

import java.time.Instant;

/**
 * A device's vital-signs reading, accepted by vitals-service and acknowledged by the broker.
 * Values are as measured (never clamped): blood pressure in mm[Hg], heart rate in /min,
 * SpO2 in %. Heart rate and SpO2 are absent when the device did not measure them.
 */
public record ReadingRecorded(String readingId, String sessionId, String deviceId,
                              int systolic, int diastolic, Integer heartRate, Integer spo2,
                              Instant measuredAt, Instant receivedAt) {

    public static final EventType<ReadingRecorded> TYPE =
            new EventType<>("reading.recorded", 1, ReadingRecorded.class);
}
