package care.ketamine.alerting.domain;

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

    static boolean isCrisis(VitalReading reading) {
        return reading.systolic() > SYSTOLIC_CRISIS || reading.diastolic() > DIASTOLIC_CRISIS;
    }

    @Override
    public RuleOutcome evaluate(VitalReading reading, SessionWatch session) {
        if (!isCrisis(reading)) {
            return RuleOutcome.clear(NAME);
        }
        String value = reading.bloodPressure();
        return RuleOutcome.found(new AlertCondition(NAME, Severity.CRITICAL, reading.sessionId(), value,
                Math.max(reading.systolic() - SYSTOLIC_CRISIS, reading.diastolic() - DIASTOLIC_CRISIS),
                "Hypertensive crisis: BP " + value + " (above 180/120)", reading.measuredAt()));
    }
}
