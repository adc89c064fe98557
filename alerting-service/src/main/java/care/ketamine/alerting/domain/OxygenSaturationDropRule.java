package care.ketamine.alerting.domain;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * {@code spo2-drop}: after the dose, SpO2 4 points or more below the pre-dose value for 60 s on an
 * oximeter (two consecutive values on a spot device) is a warning (issue 16: a fall before the floors are
 * reached is the early sign of respiratory depression, which the reference names among the monitored
 * risks). The pre-dose value is the median of the SpO2 values measured before the dose
 * ({@link RecentReadings#preDoseSpo2()}): session-service's events carry no pre-dose SpO2.
 */
public final class OxygenSaturationDropRule implements AlertRule {

    public static final String NAME = "spo2-drop";
    static final int DROP = 4;
    static final Persistence LASTING = new Persistence(Duration.ofSeconds(60), 2);
    private static final Predicate<VitalReading> HAS = r -> r.spo2() != null;

    @Override
    public String name() {
        return NAME;
    }

    private static Optional<Integer> limit(VitalReading reading, StreamHistory history, SessionWatch session) {
        if (reading.spo2() == null || session.dosedAt() == null || reading.measuredAt().isBefore(session.dosedAt())) {
            return Optional.empty();
        }
        return history.preDoseSpo2().map(preDose -> preDose - DROP);
    }

    @Override
    public boolean outside(VitalReading reading, StreamHistory history, SessionWatch session) {
        return limit(reading, history, session).map(limit -> reading.spo2() <= limit).orElse(false);
    }

    @Override
    public RuleOutcome evaluate(VitalReading reading, StreamHistory history, SessionWatch session) {
        Optional<Integer> limit = limit(reading, history, session);
        if (limit.isEmpty()) {
            return RuleOutcome.none(NAME);
        }
        if (reading.spo2() > limit.get()) {
            return RuleOutcome.clear(NAME);
        }
        Optional<StreamHistory.Run> run = history.run(HAS, r -> r.spo2() <= limit.get());
        if (!LASTING.met(reading, run)) {
            return RuleOutcome.none(NAME);
        }
        int preDose = limit.get() + DROP;
        int drop = preDose - reading.spo2();
        return RuleOutcome.found(new AlertCondition(NAME, Severity.WARNING, reading.sessionId(), reading.spo2() + " %",
                drop, "SpO2 " + reading.spo2() + " % is " + drop + " points below the pre-dose " + preDose + " % ("
                + Persistence.lasted(reading, run.get()) + ")", reading.measuredAt()));
    }
}
