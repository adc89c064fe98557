package care.ketamine.alerting.domain;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * {@code resp-rate-low}: respiratory rate below 10 /min is a warning, below 8 /min critical (issue 16;
 * the reference lists respiratory depression among what must resolve before the patient is left). From a
 * spot device at once; from an oximeter's stream once it has lasted 15 s.
 */
public final class RespiratoryRateRule implements AlertRule {

    public static final String NAME = "resp-rate-low";
    static final int WARNING_BELOW = 10;
    static final int CRITICAL_BELOW = 8;
    static final Persistence ON_OXIMETER = new Persistence(Duration.ofSeconds(15), 1);
    private static final Predicate<VitalReading> HAS = r -> r.respiratoryRate() != null;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean outside(VitalReading reading, StreamHistory history, SessionWatch session) {
        return reading.respiratoryRate() != null && reading.respiratoryRate() < WARNING_BELOW;
    }

    @Override
    public RuleOutcome evaluate(VitalReading reading, StreamHistory history, SessionWatch session) {
        Integer rate = reading.respiratoryRate();
        if (rate == null) {
            return RuleOutcome.none(NAME);
        }
        if (rate >= WARNING_BELOW) {
            return RuleOutcome.clear(NAME);
        }
        Optional<StreamHistory.Run> criticalRun = history.run(HAS, r -> r.respiratoryRate() < CRITICAL_BELOW);
        Optional<StreamHistory.Run> warningRun = history.run(HAS, r -> r.respiratoryRate() < WARNING_BELOW);
        Severity severity;
        if (ON_OXIMETER.met(reading, criticalRun)) {
            severity = Severity.CRITICAL;
        } else if (ON_OXIMETER.met(reading, warningRun)) {
            severity = Severity.WARNING;
        } else {
            return RuleOutcome.none(NAME);
        }
        int limit = severity == Severity.CRITICAL ? CRITICAL_BELOW : WARNING_BELOW;
        return RuleOutcome.found(new AlertCondition(NAME, severity, reading.sessionId(), rate + " /min", WARNING_BELOW - rate,
                "Respiratory rate " + rate + " /min (below " + limit + ")", reading.measuredAt()));
    }
}
