package care.ketamine.alerting.domain;

/**
 * {@code bp-low}: systolic below 90 mm[Hg], or a fall of 30 mm[Hg] systolic or more from the pre-dose
 * reading, is a warning (issue 16). A fall is not judged before there is a pre-dose reading.
 */
public final class BloodPressureLowRule implements AlertRule {

    public static final String NAME = "bp-low";
    static final int SYSTOLIC_BELOW = 90;
    static final int FALL = 30;

    @Override
    public String name() {
        return NAME;
    }

    private static int fall(VitalReading reading, SessionWatch session) {
        return session.preDoseSystolic() == null ? 0 : session.preDoseSystolic() - reading.systolic();
    }

    @Override
    public boolean outside(VitalReading reading, StreamHistory history, SessionWatch session) {
        return reading.hasBloodPressure() && (reading.systolic() < SYSTOLIC_BELOW || fall(reading, session) >= FALL);
    }

    @Override
    public RuleOutcome evaluate(VitalReading reading, StreamHistory history, SessionWatch session) {
        if (!reading.hasBloodPressure()) {
            return RuleOutcome.none(NAME);
        }
        if (!outside(reading, history, session)) {
            return RuleOutcome.clear(NAME);
        }
        int fall = fall(reading, session);
        String why = reading.systolic() < SYSTOLIC_BELOW
                ? "systolic below " + SYSTOLIC_BELOW + (fall >= FALL ? ", " + fall + " below the pre-dose " + session.preDoseSystolic() : "")
                : "systolic " + fall + " below the pre-dose " + session.preDoseSystolic();
        return RuleOutcome.found(new AlertCondition(NAME, Severity.WARNING, reading.sessionId(), reading.bloodPressure(),
                Math.max(SYSTOLIC_BELOW - reading.systolic(), fall - FALL + 1), "BP " + reading.bloodPressure() + " (" + why + ")",
                reading.measuredAt()));
    }
}
