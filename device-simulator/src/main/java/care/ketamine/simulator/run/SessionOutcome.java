package care.ketamine.simulator.run;

import care.ketamine.simulator.physiology.Anomaly;

import java.util.Map;
import java.util.Set;

/**
 * How one simulated session ended.
 *
 * @param index     its number in the run, from 1
 * @param sessionId null when it failed before it was booked
 * @param state     the session's last state, or FAILED
 * @param alerts    every alert it raised: rule to the worst severity seen
 * @param failure   why it could not go on, or null
 */
public record SessionOutcome(int index, String sessionId, Set<Anomaly> anomalies, String state, Map<String, String> alerts,
                             String failure) {
}
