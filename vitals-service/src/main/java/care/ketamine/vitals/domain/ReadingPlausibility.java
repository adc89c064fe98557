package care.ketamine.vitals.domain;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Plausibility of a home reading (clinical reference, "Device data and interoperability"):
 * home-cuff bounds 50 &lt; systolic &lt; 250 and 30 &lt; diastolic &lt; 140 (VA PGHD profile),
 * systolic above diastolic, research bounds HR 0-300 and SpO2 0-100 (MIMIC-IV). A reading
 * that breaks a rule is rejected with every reason; values are never clamped.
 */
public final class ReadingPlausibility {

    static final int MAX_READING_ID_LENGTH = 100;

    private final Clock clock;
    private final Duration maxFutureSkew;

    public ReadingPlausibility(Clock clock, Duration maxFutureSkew) {
        this.clock = clock;
        this.maxFutureSkew = maxFutureSkew;
    }

    /** Every rule the reading breaks; empty when it may be recorded. */
    public List<RuleBreach> check(Reading reading) {
        List<RuleBreach> breaches = new ArrayList<>();
        if (reading.readingId() == null || reading.readingId().isBlank()) {
            breaches.add(new RuleBreach("readingId", "is required"));
        } else if (reading.readingId().length() > MAX_READING_ID_LENGTH) {
            breaches.add(new RuleBreach("readingId", "must be at most " + MAX_READING_ID_LENGTH + " characters"));
        }
        pressure(breaches, "systolic", reading.systolic(), 50, 250);
        pressure(breaches, "diastolic", reading.diastolic(), 30, 140);
        if (reading.systolic() != null && reading.diastolic() != null && reading.systolic() <= reading.diastolic()) {
            breaches.add(new RuleBreach("systolic", "must exceed diastolic"));
        }
        inclusive(breaches, "heartRate", reading.heartRate(), 0, 300);
        inclusive(breaches, "spo2", reading.spo2(), 0, 100);
        if (reading.measuredAt() == null) {
            breaches.add(new RuleBreach("measuredAt", "is required"));
        } else if (reading.measuredAt().isAfter(clock.instant().plus(maxFutureSkew))) {
            breaches.add(new RuleBreach("measuredAt", "may be at most " + maxFutureSkew.toSeconds() + " s in the future"));
        }
        return breaches;
    }

    /** Blood pressure is required, and its home-cuff bounds are exclusive. */
    private static void pressure(List<RuleBreach> breaches, String field, Integer value, int above, int below) {
        if (value == null) {
            breaches.add(new RuleBreach(field, "is required"));
        } else if (value <= above || value >= below) {
            breaches.add(new RuleBreach(field, "must be above " + above + " and below " + below + " mm[Hg]"));
        }
    }

    private static void inclusive(List<RuleBreach> breaches, String field, Integer value, int min, int max) {
        if (value != null && (value < min || value > max)) {
            breaches.add(new RuleBreach(field, "must be between " + min + " and " + max));
        }
    }
}
