package care.ketamine.vitals.projection;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

@Schema(description = "A stored reading: mm[Hg], /min, %")
public record HistoricReading(UUID eventId, String readingId, String deviceId, int systolic, int diastolic, Integer heartRate,
                              Integer spo2, Instant measuredAt, Instant receivedAt) {
}
