package care.ketamine.alerting.domain;

import java.util.List;

/** Every rule that applies to a reading, evaluated together. */
public final class AlertRules {

    private final List<AlertRule> rules;

    public AlertRules(List<AlertRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** The reading rules in force. */
    public static AlertRules standard() {
        return new AlertRules(List.of(new BloodPressureCrisisRule(), new BloodPressureHighRule(), new BloodPressureRiseRule(),
                new OxygenSaturationRule(), new HeartRateRule()));
    }

    /** One outcome per rule: a condition, or clear. */
    public List<RuleOutcome> evaluate(VitalReading reading, SessionWatch session) {
        return rules.stream().map(rule -> rule.evaluate(reading, session)).toList();
    }
}
