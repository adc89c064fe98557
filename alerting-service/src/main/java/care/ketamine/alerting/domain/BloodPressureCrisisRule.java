package care.ketamine.alerting.domain;

import java.util.Optional;

/**
 * {@code bp-crisis}: hypertensive crisis, systolic above 180 and/or diastolic above 120 mm[Hg]
 * (clinical reference, "Hypertensive crisis", ACC/AHA). Always critical; no plan may loosen it.
 */
public final class BloodPressureCrisisRule implements AlertRule {

    public static final String NAME = "bp-crisis";
    static final int SYSTOLIC_CRISIS = 180;
    static final int DIASTOLIC_CRISIS = 120;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<AlertCondition> evaluate(VitalReading reading) {
        int systolicExcess = reading.systolic() - SYSTOLIC_CRISIS;
        int diastolicExcess = reading.diastolic() - DIASTOLIC_CRISIS;
        if (systolicExcess <= 0 && diastolicExcess <= 0) {
            return Optional.empty();
        }
        String value = reading.systolic() + "/" + reading.diastolic() + " mm[Hg]";
        return Optional.of(new AlertCondition(NAME, Severity.CRITICAL, reading.sessionId(), value,
                Math.max(systolicExcess, diastolicExcess),
                "Hypertensive crisis: BP " + value + " (above 180/120)", reading.measuredAt()));
    }
}
