package care.ketamine.vitals.domain;

import care.ketamine.contracts.vitals.DeviceKinds;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Whether a reading fits the device that sent it and is plausible (clinical reference, "Device data and
 * interoperability"; device protocols for the cuff's fields). A reading that breaks a rule is rejected with
 * every reason; values are never clamped.
 *
 * <p>Shape by device kind: a {@code bp-cuff} sends systolic and diastolic (pulse optional) and no SpO2; a
 * {@code pulse-oximeter} sends SpO2 and pulse rate (perfusion index optional) and no blood pressure nor cuff
 * fields; a {@code monitor} (the combined device) sends blood pressure with optional heart rate and SpO2.
 * Respiratory rate is optional on each. Other kinds (the sitter's phone) send no readings.
 *
 * <p>Bounds: home-cuff 50 &lt; systolic &lt; 250 and 30 &lt; diastolic &lt; 140 mm[Hg] (VA PGHD profile), systolic
 * above diastolic; within the research bounds (MIMIC-IV: HR 0-300, RR 0-70, SpO2 0-100) a 0 is refused as what a
 * device sends when it found no pulse or breath, not a measurement: heart rate 1-300, SpO2 1-100, respiratory
 * rate 1-60 (above 60/min is not an adult's breathing). Perfusion index above 0 and at most 20 % (the range
 * oximeters report).
 */
public final class ReadingPlausibility {

    public static final Set<String> MEASUREMENT_FLAGS =
            Set.of("body-movement", "cuff-fit-loose", "irregular-pulse", "improper-position");
    public static final Set<String> BODY_POSITIONS = Set.of("sitting", "standing", "lying");
    public static final Set<String> MEASUREMENT_SITES =
            Set.of("left-upper-arm", "right-upper-arm", "left-wrist", "right-wrist", "left-finger", "right-finger", "earlobe");

    private final Clock clock;
    private final Duration maxFutureSkew;

    public ReadingPlausibility(Clock clock, Duration maxFutureSkew) {
        this.clock = clock;
        this.maxFutureSkew = maxFutureSkew;
    }

    /** Every rule the reading breaks for a device of this kind; empty when it may be recorded. */
    public List<RuleBreach> check(Reading reading, String kind) {
        List<RuleBreach> breaches = new ArrayList<>();
        DeviceGivenId.check(breaches, "readingId", reading.readingId());
        shape(breaches, reading, kind);
        bloodPressure(breaches, reading);
        between(breaches, "heartRate", reading.heartRate(), 1, 300, "/min");
        between(breaches, "spo2", reading.spo2(), 1, 100, "%");
        between(breaches, "respiratoryRate", reading.respiratoryRate(), 1, 60, "/min");
        Double pi = reading.perfusionIndex();
        if (pi != null && (!Double.isFinite(pi) || pi <= 0 || pi > 20)) {
            breaches.add(new RuleBreach("perfusionIndex", "must be above 0 and at most 20 %"));
        }
        for (String flag : reading.measurementFlags()) {
            if (!MEASUREMENT_FLAGS.contains(flag)) {
                breaches.add(new RuleBreach("measurementFlags", "must each be one of " + sorted(MEASUREMENT_FLAGS)));
                break;
            }
        }
        oneOf(breaches, "bodyPosition", reading.bodyPosition(), BODY_POSITIONS);
        oneOf(breaches, "measurementSite", reading.measurementSite(), MEASUREMENT_SITES);
        if (reading.measuredAt() == null) {
            breaches.add(new RuleBreach("measuredAt", "is required"));
        } else if (reading.measuredAt().isAfter(clock.instant().plus(maxFutureSkew))) {
            breaches.add(new RuleBreach("measuredAt", "may be at most " + maxFutureSkew.toSeconds()
                    + " s in the future (after correcting the device clock)"));
        }
        return breaches;
    }

    /** What each kind must send and may not send. */
    private static void shape(List<RuleBreach> breaches, Reading r, String kind) {
        switch (kind) {
            case DeviceKinds.BP_CUFF -> {
                required(breaches, "systolic", r.systolic(), kind);
                required(breaches, "diastolic", r.diastolic(), kind);
                absent(breaches, "spo2", r.spo2(), kind);
                absent(breaches, "perfusionIndex", r.perfusionIndex(), kind);
            }
            case DeviceKinds.PULSE_OXIMETER -> {
                required(breaches, "spo2", r.spo2(), kind);
                required(breaches, "heartRate", r.heartRate(), kind);
                absent(breaches, "systolic", r.systolic(), kind);
                absent(breaches, "diastolic", r.diastolic(), kind);
                absent(breaches, "unit", r.unit(), kind);
                absent(breaches, "measurementFlags", r.measurementFlags().isEmpty() ? null : r.measurementFlags(), kind);
                absent(breaches, "bodyPosition", r.bodyPosition(), kind);
            }
            case DeviceKinds.MONITOR -> {
                required(breaches, "systolic", r.systolic(), kind);
                required(breaches, "diastolic", r.diastolic(), kind);
            }
            default -> breaches.add(new RuleBreach("device", "a " + kind + " device sends no readings"));
        }
    }

    private static void required(List<RuleBreach> breaches, String field, Object value, String kind) {
        if (value == null) {
            breaches.add(new RuleBreach(field, "is required from a " + kind));
        }
    }

    private static void absent(List<RuleBreach> breaches, String field, Object value, String kind) {
        if (value != null) {
            breaches.add(new RuleBreach(field, "is not measured by a " + kind + "; send it from the device that measures it"));
        }
    }

    private static void bloodPressure(List<RuleBreach> breaches, Reading r) {
        if (!BloodPressureUnit.known(r.unit())) {
            breaches.add(new RuleBreach("unit", "must be " + BloodPressureUnit.MMHG + " or " + BloodPressureUnit.KPA));
            return;
        }
        BigDecimal systolic = pressure(breaches, "systolic", r.systolic(), r.unit(), 50, 250);
        BigDecimal diastolic = pressure(breaches, "diastolic", r.diastolic(), r.unit(), 30, 140);
        if (systolic != null && diastolic != null && systolic.compareTo(diastolic) <= 0) {
            breaches.add(new RuleBreach("systolic", "must exceed diastolic"));
        }
    }

    /** The value in mm[Hg] when it can be judged; home-cuff bounds exclusive. */
    private static BigDecimal pressure(List<RuleBreach> breaches, String field, BigDecimal value, String unit,
                                       int above, int below) {
        if (value == null) {
            return null;
        }
        BigDecimal mmHg = BloodPressureUnit.toMmHg(value, unit);
        if (mmHg == null) {
            breaches.add(new RuleBreach(field, "must be a whole number of mm[Hg]"));
            return null;
        }
        if (mmHg.compareTo(BigDecimal.valueOf(above)) <= 0 || mmHg.compareTo(BigDecimal.valueOf(below)) >= 0) {
            breaches.add(new RuleBreach(field, "must be above " + above + " and below " + below + " mm[Hg]"
                    + (BloodPressureUnit.KPA.equals(unit) ? " (converted from kPa)" : "")));
        }
        return mmHg;
    }

    private static void between(List<RuleBreach> breaches, String field, Integer value, int min, int max, String unit) {
        if (value != null && (value < min || value > max)) {
            breaches.add(new RuleBreach(field, "must be between " + min + " and " + max + " " + unit));
        }
    }

    private static void oneOf(List<RuleBreach> breaches, String field, String value, Set<String> allowed) {
        if (value != null && !allowed.contains(value)) {
            breaches.add(new RuleBreach(field, "must be one of " + sorted(allowed)));
        }
    }

    private static String sorted(Set<String> values) {
        return String.join(", ", values.stream().sorted().toList());
    }
}
