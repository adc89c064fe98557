package care.ketamine.alerting.domain;

/**
 * {@code bp-high}: BP above the plan's warning threshold (default 160/100) but below a crisis,
 * which {@code bp-crisis} pages on its own. A warning.
 */
public final class BloodPressureHighRule implements AlertRule {

    public static final String NAME = "bp-high";

    @Override
    public String name() {
        return NAME;
    }

    private static int excess(VitalReading reading, Thresholds t) {
        return Math.max(reading.systolic() - t.warnSystolic(), reading.diastolic() - t.warnDiastolic());
    }

    @Override
    public boolean outside(VitalReading reading, StreamHistory history, SessionWatch session) {
        return reading.hasBloodPressure() && excess(reading, session.thresholds()) > 0
                && !BloodPressureCrisisRule.isCrisis(reading);
    }

    @Override
    public RuleOutcome evaluate(VitalReading reading, StreamHistory history, SessionWatch session) {
        if (!reading.hasBloodPressure()) {
            return RuleOutcome.none(NAME);
        }
        Thresholds t = session.thresholds();
        int excess = excess(reading, t);
        if (excess <= 0 || BloodPressureCrisisRule.isCrisis(reading)) {
            return RuleOutcome.clear(NAME);
        }
        return RuleOutcome.found(new AlertCondition(NAME, Severity.WARNING, reading.sessionId(), reading.bloodPressure(),
                excess, "BP " + reading.bloodPressure() + " above the plan's " + t.warnSystolic() + "/" + t.warnDiastolic(),
                reading.measuredAt()));
    }
}
