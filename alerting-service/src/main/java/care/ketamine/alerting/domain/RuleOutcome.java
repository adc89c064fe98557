package care.ketamine.alerting.domain;

import java.util.Optional;

/** What one rule found: a condition, or that its condition is clear for the session now. */
public record RuleOutcome(String rule, Optional<AlertCondition> condition) {

    public static RuleOutcome clear(String rule) {
        return new RuleOutcome(rule, Optional.empty());
    }

    public static RuleOutcome found(AlertCondition condition) {
        return new RuleOutcome(condition.rule(), Optional.of(condition));
    }
}
