package care.ketamine.vitals.reading;

import care.ketamine.vitals.domain.Reading;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

/** The JSON a device posts for one reading. */
@Schema(description = "One blood-pressure reading from a home device, with optional heart rate and SpO2")
public record ReadingRequest(
        @Schema(description = "The device's own id for this reading; a replay with the same id is the same reading",
                required = true, maxLength = 100, examples = "r-0001")
        String readingId,
        @Schema(description = "Systolic pressure, mm[Hg]; plausible above 50 and below 250", required = true, examples = "128")
        Integer systolic,
        @Schema(description = "Diastolic pressure, mm[Hg]; plausible above 30 and below 140, and below systolic",
                required = true, examples = "82")
        Integer diastolic,
        @Schema(description = "Heart rate, /min, 0-300", examples = "76")
        Integer heartRate,
        @Schema(description = "Oxygen saturation by pulse oximetry, %, 0-100", examples = "97")
        Integer spo2,
        @Schema(description = "When the device measured it, UTC; at most 2 minutes in the future", required = true,
                examples = "2026-11-26T15:00:00Z")
        Instant measuredAt) {

    public Reading toReading() {
        return new Reading(readingId, systolic, diastolic, heartRate, spo2, measuredAt);
    }
}
