package care.ketamine.alerting.domain;

import java.util.Optional;

/**
 * What one rule found: a condition; that its condition is clear for the session now; or nothing either
 * way (the reading does not carry the rule's measure, a value outside the limits has not lasted long
 * enough yet, or the reading is older than one already judged and so may raise but never clear).
 */
public record RuleOutcome(String rule, Optional<AlertCondition> condition, boolean clears) {

    public RuleOutcome {
        if (condition.isPresent() && clears) {
            throw new IllegalArgumentException("an outcome that found a condition does not clear it");
        }
    }

    public static RuleOutcome clear(String rule) {
        return new RuleOutcome(rule, Optional.empty(), true);
    }

    /** Neither a finding nor a clear: an alert of the rule stays as it is. */
    public static RuleOutcome none(String rule) {
        return new RuleOutcome(rule, Optional.empty(), false);
    }

    public static RuleOutcome found(AlertCondition condition) {
        return new RuleOutcome(condition.rule(), Optional.of(condition), false);
    }

    /** The same outcome, except that it can no longer clear. */
    public RuleOutcome withoutClearing() {
        return clears ? none(rule) : this;
    }
}
