package care.ketamine.vitals.reading;

import care.ketamine.vitals.domain.Reading;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The JSON a device posts for one reading. Which values it must carry depends on the kind the device was paired
 * as: a bp-cuff sends systolic and diastolic (pulse optional), a pulse-oximeter SpO2 and pulse rate (heartRate),
 * a combined monitor blood pressure with optional heart rate and SpO2.
 */
@Schema(description = "One reading from a paired home device: a cuff's blood pressure, an oximeter's SpO2 and pulse, or a "
        + "combined monitor's; respiratory rate optional on each")
public record ReadingRequest(
        @Schema(description = "The device's own id for this reading; a replay with the same id is the same reading",
                required = true, maxLength = 100, examples = "r-0001")
        String readingId,
        @Schema(description = "Systolic pressure in `unit`; plausible above 50 and below 250 mm[Hg]. Required from a bp-cuff "
                + "or monitor, refused from a pulse-oximeter. Whole mm[Hg], or kPa with decimals", examples = "128")
        BigDecimal systolic,
        @Schema(description = "Diastolic pressure in `unit`; plausible above 30 and below 140 mm[Hg], and below systolic",
                examples = "82")
        BigDecimal diastolic,
        @Schema(description = "The pressure unit: mmHg (the default) or kPa; kPa is stored as mmHg (x 7.50062, rounded half "
                + "up to a whole mm[Hg])", enumeration = {"mmHg", "kPa"})
        String unit,
        @Schema(description = "Heart rate or pulse rate, /min, 1-300; required from a pulse-oximeter", examples = "76")
        Integer heartRate,
        @Schema(description = "Oxygen saturation by pulse oximetry, %, 1-100; required from a pulse-oximeter, refused from a "
                + "bp-cuff", examples = "97")
        Integer spo2,
        @Schema(description = "Respiratory rate, /min, 1-60; optional from any device", examples = "14")
        Integer respiratoryRate,
        @Schema(description = "An oximeter's perfusion index, %, above 0 and at most 20", examples = "2.5")
        Double perfusionIndex,
        @Schema(description = "A cuff's measurement status (Bluetooth Blood Pressure Measurement)",
                type = SchemaType.ARRAY, implementation = MeasurementFlag.class)
        List<String> measurementFlags,
        @Schema(description = "The body position during a cuff measurement", enumeration = {"sitting", "standing", "lying"})
        String bodyPosition,
        @Schema(description = "Where it was measured", enumeration = {"left-upper-arm", "right-upper-arm", "left-wrist",
                "right-wrist", "left-finger", "right-finger", "earlobe"})
        String measurementSite,
        @Schema(description = "When the device measured it, by the device's clock (UTC); corrected by the clock's offset when "
                + "deviceTime shows it off by more than 2 minutes; at most 2 minutes in the future after correction",
                required = true, examples = "2026-11-26T15:00:00Z")
        Instant measuredAt,
        @Schema(description = "The device clock's current time as the request is sent (a coincident time stamp); lets the "
                + "server correct a device clock that is off. In a batch, the batch's deviceTime applies when an item has none",
                examples = "2026-11-26T15:00:03Z")
        Instant deviceTime) {

    /** The reading with its measurement time on the server's clock. */
    public Reading toReading(Instant measuredAtCorrected) {
        return new Reading(readingId, systolic, diastolic, unit, heartRate, spo2, respiratoryRate, perfusionIndex,
                measurementFlags, bodyPosition, measurementSite, measuredAtCorrected);
    }

    /** The values a cuff's measurement flags take: the items of {@code measurementFlags} in the API's description. */
    @Schema(name = "MeasurementFlag", type = SchemaType.STRING,
            enumeration = {"body-movement", "cuff-fit-loose", "irregular-pulse", "improper-position"})
    interface MeasurementFlag {
    }
}
