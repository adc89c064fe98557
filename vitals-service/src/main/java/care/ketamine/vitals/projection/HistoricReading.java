package care.ketamine.vitals.projection;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A stored reading: mm[Hg], /min, %. Blood pressure is null for an oximeter's reading, SpO2 for a cuff's.
 *
 * @param measuredAt       on the server's clock (corrected when the device clock was off past the bound)
 * @param deviceMeasuredAt the time the device put on it, by its own clock
 */
@Schema(description = "A stored reading: mm[Hg], /min, %; measuredAt on the server's clock, deviceMeasuredAt on the device's")
public record HistoricReading(UUID eventId, String readingId, String deviceId, String deviceKind, Integer systolic,
                              Integer diastolic, Integer heartRate, Integer spo2, Integer respiratoryRate,
                              Double perfusionIndex, List<String> measurementFlags, String bodyPosition,
                              String measurementSite, Instant measuredAt, Instant deviceMeasuredAt, Instant receivedAt) {

    public boolean hasBloodPressure() {
        return systolic != null && diastolic != null;
    }
}
