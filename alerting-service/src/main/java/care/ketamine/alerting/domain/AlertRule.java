package care.ketamine.alerting.domain;

import java.util.Optional;

/** A named clinical rule that looks at one reading. */
public interface AlertRule {

    String name();

    Optional<AlertCondition> evaluate(VitalReading reading);
}
