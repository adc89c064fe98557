package care.ketamine.alerting.domain;

/** A named clinical rule that looks at one reading of a session, in its stream. */
public interface AlertRule {

    String name();

    /**
     * The condition the reading shows, clear when its value is within the rule's limits, or none when the
     * reading does not carry the rule's measure or a value outside has not lasted long enough yet.
     */
    RuleOutcome evaluate(VitalReading reading, StreamHistory history, SessionWatch session);

    /**
     * Whether this one reading, taken alone, is outside the rule's limits: another stream's reading that is
     * holds back a clear (an oximeter's normal SpO2 does not clear what the monitor still shows).
     */
    boolean outside(VitalReading reading, StreamHistory history, SessionWatch session);
}
