package care.ketamine.alerting.domain;

/**
 * {@code bp-rise}: a rise of 40 systolic or 25 diastolic (or the plan's figures) above the
 * patient's pre-dose reading (clinical reference: esketamine's label counts rises of at least
 * 40/25 within 1.5 h). A warning; not evaluated before there is a pre-dose reading.
 */
public final class BloodPressureRiseRule implements AlertRule {

    public static final String NAME = "bp-rise";

    @Override
    public String name() {
        return NAME;
    }

    private static boolean judged(VitalReading reading, SessionWatch session) {
        return reading.hasBloodPressure() && session.preDoseSystolic() != null && session.preDoseDiastolic() != null;
    }

    private static boolean risen(VitalReading reading, SessionWatch session) {
        Thresholds t = session.thresholds();
        return reading.systolic() - session.preDoseSystolic() >= t.riseSystolic()
                || reading.diastolic() - session.preDoseDiastolic() >= t.riseDiastolic();
    }

    @Override
    public boolean outside(VitalReading reading, StreamHistory history, SessionWatch session) {
        return judged(reading, session) && risen(reading, session);
    }

    @Override
    public RuleOutcome evaluate(VitalReading reading, StreamHistory history, SessionWatch session) {
        if (!judged(reading, session)) {
            return RuleOutcome.none(NAME);
        }
        if (!risen(reading, session)) {
            return RuleOutcome.clear(NAME);
        }
        Thresholds t = session.thresholds();
        int systolicRise = reading.systolic() - session.preDoseSystolic();
        int diastolicRise = reading.diastolic() - session.preDoseDiastolic();
        return RuleOutcome.found(new AlertCondition(NAME, Severity.WARNING, reading.sessionId(), reading.bloodPressure(),
                Math.max(systolicRise - t.riseSystolic(), diastolicRise - t.riseDiastolic()),
                "BP " + reading.bloodPressure() + " is +" + systolicRise + "/+" + diastolicRise + " over the pre-dose "
                        + session.preDoseSystolic() + "/" + session.preDoseDiastolic(), reading.measuredAt()));
    }
}
