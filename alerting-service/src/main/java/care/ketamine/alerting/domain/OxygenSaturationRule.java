package care.ketamine.alerting.domain;

/**
 * {@code spo2-low}: SpO2 below 92% is a warning, below 90% critical (clinical reference:
 * below 90% is hypoxaemia; oximeter bias means the critical threshold is never set below 90).
 * A plan may raise the thresholds, never lower the critical one below 90 ({@link Thresholds}).
 */
public final class OxygenSaturationRule implements AlertRule {

    public static final String NAME = "spo2-low";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public RuleOutcome evaluate(VitalReading reading, SessionWatch session) {
        Integer spo2 = reading.spo2();
        Thresholds t = session.thresholds();
        if (spo2 == null || spo2 >= t.spo2Warning()) {
            return RuleOutcome.clear(NAME);
        }
        boolean critical = spo2 < t.spo2Critical();
        return RuleOutcome.found(new AlertCondition(NAME, critical ? Severity.CRITICAL : Severity.WARNING,
                reading.sessionId(), spo2 + " %", t.spo2Warning() - spo2,
                "SpO2 " + spo2 + " % (below " + (critical ? t.spo2Critical() : t.spo2Warning()) + " %)", reading.measuredAt()));
    }
}
