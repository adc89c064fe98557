package care.ketamine.vitals.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A reading as a device sent it; any value may be missing. Pressure in {@code unit} (mmHg or kPa; absent means
 * mmHg), heart rate and respiratory rate in /min, SpO2 and perfusion index in %.
 *
 * @param measuredAt when it was measured on the server's clock: the device's time, corrected by the device
 *                   clock's offset when that offset was past the bound ({@link DeviceClock})
 */
public record Reading(String readingId, BigDecimal systolic, BigDecimal diastolic, String unit, Integer heartRate,
                      Integer spo2, Integer respiratoryRate, Double perfusionIndex, List<String> measurementFlags,
                      String bodyPosition, String measurementSite, Instant measuredAt) {

    public Reading {
        measurementFlags = measurementFlags == null ? List.of() : measurementFlags;
    }

    /** A combined monitor's reading in mmHg, the original shape. */
    public static Reading monitor(String readingId, Integer systolic, Integer diastolic, Integer heartRate, Integer spo2,
                                  Instant measuredAt) {
        return new Reading(readingId, systolic == null ? null : BigDecimal.valueOf(systolic),
                diastolic == null ? null : BigDecimal.valueOf(diastolic), null, heartRate, spo2, null, null, List.of(),
                null, null, measuredAt);
    }
}
