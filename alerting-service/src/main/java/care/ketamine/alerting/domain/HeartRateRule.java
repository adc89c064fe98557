package care.ketamine.alerting.domain;

/** {@code heart-rate}: above 120 or below 50 /min (or the plan's figures) is a warning. */
public final class HeartRateRule implements AlertRule {

    public static final String NAME = "heart-rate";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public RuleOutcome evaluate(VitalReading reading, SessionWatch session) {
        Integer rate = reading.heartRate();
        Thresholds t = session.thresholds();
        if (rate == null || (rate <= t.heartRateHigh() && rate >= t.heartRateLow())) {
            return RuleOutcome.clear(NAME);
        }
        boolean high = rate > t.heartRateHigh();
        return RuleOutcome.found(new AlertCondition(NAME, Severity.WARNING, reading.sessionId(), rate + " /min",
                high ? rate - t.heartRateHigh() : t.heartRateLow() - rate,
                "Heart rate " + rate + " /min (" + (high ? "above " + t.heartRateHigh() : "below " + t.heartRateLow()) + ")",
                reading.measuredAt()));
    }
}
