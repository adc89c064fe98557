package care.ketamine.alerting.domain;

import java.util.Optional;
import java.util.function.Predicate;

/**
 * {@code spo2-low}: SpO2 below the critical floor (default 90 %) is critical, below the warning floor
 * (default 92 %) a warning, once it has lasted (issue 16): on an oximeter below the critical floor for
 * 15 s, below the warning floor for 30 s; on a spot device (cuff, monitor) two consecutive values.
 * Clinical reference: below 90 % is hypoxaemia, below 85 % needs immediate evaluation; oximeter bias
 * means the critical floor is never set below 90 ({@link Thresholds}). A plan may raise both floors.
 *
 * <p>A spot value is itself a measurement, not one sample of a stream, so two deviations from the issue's
 * "two consecutive values" that the reference asks for: a single spot value below 85 % is critical at once
 * ("needs immediate evaluation"), and a single one below the critical floor is a warning at once (hypoxaemia;
 * the next value, minutes later with a cuff, confirms it as critical). On an oximeter no single sample
 * counts: motion artefacts are dips of 2-10 s.
 */
public final class OxygenSaturationRule implements AlertRule {

    public static final String NAME = "spo2-low";
    static final Persistence CRITICAL = new Persistence(java.time.Duration.ofSeconds(15), 2);
    static final Persistence WARNING = new Persistence(java.time.Duration.ofSeconds(30), 2);
    static final int IMMEDIATE_BELOW = 85;
    private static final Predicate<VitalReading> HAS = r -> r.spo2() != null;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean outside(VitalReading reading, StreamHistory history, SessionWatch session) {
        return reading.spo2() != null && reading.spo2() < session.thresholds().spo2Warning();
    }

    @Override
    public RuleOutcome evaluate(VitalReading reading, StreamHistory history, SessionWatch session) {
        Integer spo2 = reading.spo2();
        Thresholds t = session.thresholds();
        if (spo2 == null) {
            return RuleOutcome.none(NAME);
        }
        if (spo2 >= t.spo2Warning()) {
            return RuleOutcome.clear(NAME);
        }
        Optional<StreamHistory.Run> belowCritical = history.run(HAS, r -> r.spo2() < t.spo2Critical());
        Optional<StreamHistory.Run> belowWarning = history.run(HAS, r -> r.spo2() < t.spo2Warning());
        if (CRITICAL.met(reading, belowCritical)) {
            return found(reading, Severity.CRITICAL, t, t.spo2Critical(), "below " + t.spo2Critical() + " % "
                    + Persistence.lasted(reading, belowCritical.get()));
        }
        if (!reading.continuous() && spo2 < IMMEDIATE_BELOW) {
            return found(reading, Severity.CRITICAL, t, t.spo2Critical(), "below " + IMMEDIATE_BELOW + " %: needs immediate evaluation");
        }
        if (WARNING.met(reading, belowWarning)) {
            return found(reading, Severity.WARNING, t, t.spo2Warning(), "below " + t.spo2Warning() + " % "
                    + Persistence.lasted(reading, belowWarning.get()));
        }
        if (!reading.continuous() && spo2 < t.spo2Critical()) {
            return found(reading, Severity.WARNING, t, t.spo2Critical(), "below " + t.spo2Critical()
                    + " % on one reading; critical if the next is too");
        }
        return RuleOutcome.none(NAME);
    }

    private static RuleOutcome found(VitalReading reading, Severity severity, Thresholds t, int floor, String why) {
        return RuleOutcome.found(new AlertCondition(NAME, severity, reading.sessionId(), reading.spo2() + " %",
                t.spo2Warning() - reading.spo2(), "SpO2 " + reading.spo2() + " % (" + why + ")", reading.measuredAt()));
    }
}
