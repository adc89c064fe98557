package care.ketamine.alerting.domain;

import java.util.List;
import java.util.Optional;

/** Every rule that applies to a reading, evaluated together. */
public final class AlertRules {

    private final List<AlertRule> rules;

    public AlertRules(List<AlertRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** The rules in force today. */
    public static AlertRules standard() {
        return new AlertRules(List.of(new BloodPressureCrisisRule()));
    }

    public List<AlertCondition> evaluate(VitalReading reading) {
        return rules.stream().map(rule -> rule.evaluate(reading)).flatMap(Optional::stream).toList();
    }
}
