package care.ketamine.contracts.vitals;

import care.ketamine.contracts.EventType;

import java.time.Instant;
import java.util.Set;

/**
 * A device's vital-signs reading, accepted by vitals-service and acknowledged by the broker.
 * Values are as measured (never clamped): blood pressure in mm[Hg] (a cuff reporting kPa is converted
 * at ingest), heart rate / pulse rate in /min, SpO2 in %, respiratory rate in /min. A value is null when
 * the device did not measure it: an oximeter's reading has no blood pressure, a cuff's no SpO2.
 *
 * <p>Schema version 2 made blood pressure optional and added the fields from {@code deviceKind} on;
 * a version 1 payload reads as a combined monitor's reading with them null.
 *
 * @param measuredAt        when it was measured, on the server's clock: the device's own time corrected by
 *                          the device clock's offset when that offset exceeded the bound
 * @param deviceKind        a {@link DeviceKinds} value; null in version 1 events (a combined monitor)
 * @param perfusionIndex    an oximeter's perfusion index in %, optional
 * @param measurementFlags  a cuff's measurement status (body-movement, cuff-fit-loose, irregular-pulse,
 *                          improper-position), empty when none
 * @param bodyPosition      sitting, standing, lying; optional
 * @param measurementSite   e.g. left-upper-arm; optional
 * @param deviceMeasuredAt  the time the device put on the reading, by its own clock
 */
public record ReadingRecorded(String readingId, String sessionId, String deviceId,
                              Integer systolic, Integer diastolic, Integer heartRate, Integer spo2,
                              Instant measuredAt, Instant receivedAt,
                              String deviceKind, Integer respiratoryRate, Double perfusionIndex,
                              Set<String> measurementFlags, String bodyPosition, String measurementSite,
                              Instant deviceMeasuredAt) {

    public static final EventType<ReadingRecorded> TYPE =
            new EventType<>("reading.recorded", 2, ReadingRecorded.class);

    public ReadingRecorded {
        measurementFlags = measurementFlags == null ? Set.of() : Set.copyOf(measurementFlags);
    }

    /** A combined monitor's reading (blood pressure with heart rate and SpO2), as version 1 carried. */
    public ReadingRecorded(String readingId, String sessionId, String deviceId, Integer systolic, Integer diastolic,
                           Integer heartRate, Integer spo2, Instant measuredAt, Instant receivedAt) {
        this(readingId, sessionId, deviceId, systolic, diastolic, heartRate, spo2, measuredAt, receivedAt,
                DeviceKinds.MONITOR, null, null, Set.of(), null, null, measuredAt);
    }

    /** Whether the reading carries a blood pressure. */
    public boolean hasBloodPressure() {
        return systolic != null && diastolic != null;
    }

    /** The device's kind, a version 1 reading being a combined monitor's. */
    public String kindOrMonitor() {
        return deviceKind == null ? DeviceKinds.MONITOR : deviceKind;
    }
}
