package care.ketamine.alerting.domain;

/** A named clinical rule that looks at one reading of a session. */
public interface AlertRule {

    String name();

    /** The condition the reading shows, or clear. */
    RuleOutcome evaluate(VitalReading reading, SessionWatch session);
}
