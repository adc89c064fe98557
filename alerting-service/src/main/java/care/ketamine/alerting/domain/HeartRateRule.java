package care.ketamine.alerting.domain;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * {@code heart-rate}: above 120 or below 50 /min (or the plan's figures) is a warning; above 140 or below
 * 40 /min critical (issue 16; the plan sets the warning limits only, the critical ones are fixed). A cuff's
 * or monitor's pulse counts at once; an oximeter's pulse rate once it has lasted 15 s, as its SpO2 must
 * (motion artefacts disturb both).
 */
public final class HeartRateRule implements AlertRule {

    public static final String NAME = "heart-rate";
    static final int CRITICAL_HIGH = 140;
    static final int CRITICAL_LOW = 40;
    static final Persistence ON_OXIMETER = new Persistence(Duration.ofSeconds(15), 1);
    private static final Predicate<VitalReading> HAS = r -> r.heartRate() != null;

    @Override
    public String name() {
        return NAME;
    }

    private static boolean critical(int rate) {
        return rate > CRITICAL_HIGH || rate < CRITICAL_LOW;
    }

    private static boolean warning(int rate, Thresholds t) {
        return rate > t.heartRateHigh() || rate < t.heartRateLow() || critical(rate);
    }

    @Override
    public boolean outside(VitalReading reading, StreamHistory history, SessionWatch session) {
        return reading.heartRate() != null && warning(reading.heartRate(), session.thresholds());
    }

    @Override
    public RuleOutcome evaluate(VitalReading reading, StreamHistory history, SessionWatch session) {
        Integer rate = reading.heartRate();
        Thresholds t = session.thresholds();
        if (rate == null) {
            return RuleOutcome.none(NAME);
        }
        if (!warning(rate, t)) {
            return RuleOutcome.clear(NAME);
        }
        Optional<StreamHistory.Run> criticalRun = history.run(HAS, r -> critical(r.heartRate()));
        Optional<StreamHistory.Run> warningRun = history.run(HAS, r -> warning(r.heartRate(), t));
        Severity severity;
        if (ON_OXIMETER.met(reading, criticalRun)) {
            severity = Severity.CRITICAL;
        } else if (ON_OXIMETER.met(reading, warningRun)) {
            severity = Severity.WARNING;
        } else {
            return RuleOutcome.none(NAME);
        }
        boolean high = rate > t.heartRateHigh() || rate > CRITICAL_HIGH;
        int limit = severity == Severity.CRITICAL ? (high ? CRITICAL_HIGH : CRITICAL_LOW)
                : (high ? t.heartRateHigh() : t.heartRateLow());
        String lasted = reading.continuous() ? ", " + Persistence.lasted(reading, warningRun.get()) : "";
        return RuleOutcome.found(new AlertCondition(NAME, severity, reading.sessionId(), rate + " /min",
                high ? rate - t.heartRateHigh() : t.heartRateLow() - rate,
                "Heart rate " + rate + " /min (" + (high ? "above " : "below ") + limit + lasted + ")", reading.measuredAt()));
    }
}
