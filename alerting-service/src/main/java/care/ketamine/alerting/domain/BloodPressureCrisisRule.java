package care.ketamine.alerting.domain;

import java.time.Duration;
import java.util.Optional;

/**
 * {@code bp-crisis}: hypertensive crisis, systolic above 180 and/or diastolic above 120 mm[Hg]
 * (clinical reference, "Hypertensive crisis", ACC/AHA). Always critical, at once; no plan may loosen it.
 * The reference's home guidance is to retest after 5 minutes: a crisis reading from the same device
 * within 5 minutes after an earlier crisis reading confirms it, and the alert's text says so.
 */
public final class BloodPressureCrisisRule implements AlertRule {

    public static final String NAME = "bp-crisis";
    static final int SYSTOLIC_CRISIS = 180;
    static final int DIASTOLIC_CRISIS = 120;
    static final Duration RETEST_WITHIN = Duration.ofMinutes(5);

    @Override
    public String name() {
        return NAME;
    }

    static boolean isCrisis(VitalReading reading) {
        return reading.hasBloodPressure() && (reading.systolic() > SYSTOLIC_CRISIS || reading.diastolic() > DIASTOLIC_CRISIS);
    }

    @Override
    public boolean outside(VitalReading reading, StreamHistory history, SessionWatch session) {
        return isCrisis(reading);
    }

    @Override
    public RuleOutcome evaluate(VitalReading reading, StreamHistory history, SessionWatch session) {
        if (!reading.hasBloodPressure()) {
            return RuleOutcome.none(NAME);
        }
        if (!isCrisis(reading)) {
            return RuleOutcome.clear(NAME);
        }
        String value = reading.bloodPressure();
        double measure = Math.max(reading.systolic() - SYSTOLIC_CRISIS, reading.diastolic() - DIASTOLIC_CRISIS);
        Optional<VitalReading> earlier = history.previous(VitalReading::hasBloodPressure)
                .filter(BloodPressureCrisisRule::isCrisis)
                .filter(p -> Duration.between(p.measuredAt(), reading.measuredAt()).compareTo(RETEST_WITHIN) <= 0);
        if (earlier.isPresent()) {
            long seconds = Duration.between(earlier.get().measuredAt(), reading.measuredAt()).toSeconds();
            return RuleOutcome.found(new AlertCondition(NAME, Severity.CRITICAL, reading.sessionId(), value, measure,
                    "Hypertensive crisis confirmed on retest: BP " + value + " " + (seconds / 60) + " min " + (seconds % 60)
                            + " s after " + earlier.get().bloodPressure() + " (above 180/120)", reading.measuredAt()).asConfirmed());
        }
        return RuleOutcome.found(new AlertCondition(NAME, Severity.CRITICAL, reading.sessionId(), value, measure,
                "Hypertensive crisis: BP " + value + " (above 180/120)", reading.measuredAt()));
    }
}
