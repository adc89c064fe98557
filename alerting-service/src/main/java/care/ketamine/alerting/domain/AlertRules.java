package care.ketamine.alerting.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every rule that applies to a reading, evaluated together, in the reading's own stream and in time order:
 * <ul>
 * <li>a reading older than the newest already judged on its stream (a backlog, a late retry) may raise an
 * alert but never clears one;</li>
 * <li>a reading clears a rule only when no other stream's latest reading (within {@link RecentReadings#KEPT})
 * is outside that rule's limits, so a normal oximeter does not clear what the cuff still shows;</li>
 * <li>a finding from a reading measured a minute or more before it is judged says "measured N min ago";
 * its severity is what the value says, whatever its age.</li>
 * </ul>
 */
public final class AlertRules {

    static final Duration MEASURED_AGO_FROM = Duration.ofMinutes(1);

    private final List<AlertRule> rules;

    public AlertRules(List<AlertRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** The reading rules in force. */
    public static AlertRules standard() {
        return new AlertRules(List.of(new BloodPressureCrisisRule(), new BloodPressureHighRule(), new BloodPressureRiseRule(),
                new BloodPressureLowRule(), new OxygenSaturationRule(), new OxygenSaturationDropRule(), new HeartRateRule(),
                new RespiratoryRateRule()));
    }

    /** The names of the vital-sign rules. */
    public Set<String> names() {
        return rules.stream().map(AlertRule::name).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * One outcome per rule for the reading, which is kept in {@code recent} (its session's readings) on the
     * way; {@code now} is when it is judged.
     */
    public List<RuleOutcome> evaluate(VitalReading reading, RecentReadings recent, SessionWatch session, Instant now) {
        boolean late = recent.isLate(reading);
        StreamHistory history = recent.add(reading, session);
        List<StreamHistory> others = recent.othersAround(reading);
        Duration age = Duration.between(reading.measuredAt(), now);
        List<RuleOutcome> outcomes = new ArrayList<>(rules.size());
        for (AlertRule rule : rules) {
            RuleOutcome outcome = rule.evaluate(reading, history, session);
            if (outcome.clears() && (late || others.stream().anyMatch(o -> rule.outside(o.reading(), o, session)))) {
                outcome = outcome.withoutClearing();
            }
            if (outcome.condition().isPresent() && age.compareTo(MEASURED_AGO_FROM) >= 0) {
                outcome = RuleOutcome.found(outcome.condition().get().measuredAgo(age.toMinutes()));
            }
            outcomes.add(outcome);
        }
        return outcomes;
    }

    /** The reading alone, with no other reading of its session kept: the rules' table tests. */
    public List<RuleOutcome> evaluate(VitalReading reading, SessionWatch session) {
        return evaluate(reading, RecentReadings.none(reading.sessionId()), session, reading.measuredAt());
    }
}
