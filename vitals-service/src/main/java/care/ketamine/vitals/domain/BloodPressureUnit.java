package care.ketamine.vitals.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The units a cuff may report pressure in (Bluetooth Blood Pressure Measurement, flags bit 0: mmHg or kPa).
 * Pressure is stored in whole mm[Hg]: a kPa value is multiplied by 7.50062 and rounded half up to the nearest
 * whole mm[Hg] (16.0 kPa = 120.0099 mmHg, stored 120; 10.7 kPa = 80.2566, stored 80). Rounding moves a value by
 * at most 0.5 mmHg, below what a home cuff resolves (its stated accuracy is ±3 mmHg).
 */
public final class BloodPressureUnit {

    public static final String MMHG = "mmHg";
    public static final String KPA = "kPa";
    static final BigDecimal MMHG_PER_KPA = new BigDecimal("7.50062");

    private BloodPressureUnit() {
    }

    /** Whether the unit is one a cuff may send; absent means mmHg. */
    public static boolean known(String unit) {
        return unit == null || MMHG.equals(unit) || KPA.equals(unit);
    }

    /**
     * The value in whole mm[Hg] (scale 0, not bounded: plausibility judges it); null when the value or unit is
     * absent or unknown, or mmHg was sent with a fraction.
     */
    public static BigDecimal toMmHg(BigDecimal value, String unit) {
        if (value == null || !known(unit)) {
            return null;
        }
        if (KPA.equals(unit)) {
            return value.multiply(MMHG_PER_KPA).setScale(0, RoundingMode.HALF_UP);
        }
        BigDecimal whole = value.stripTrailingZeros();
        return whole.scale() > 0 ? null : whole.setScale(0);
    }
}
