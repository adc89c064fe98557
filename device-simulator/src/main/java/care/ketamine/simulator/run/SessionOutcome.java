package care.ketamine.simulator.run;

import care.ketamine.simulator.physiology.Anomaly;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * How one simulated session ended.
 *
 * @param index       its number in the run, from 1
 * @param sessionId   null when it failed before it was booked
 * @param state       the session's last state, or FAILED
 * @param alerts      every alert it raised: rule to the worst severity seen
 * @param alertCounts every alert it raised: rule to how many distinct alerts of that rule
 * @param monitored   clinical time from check-in to the session's end
 * @param failure     why it could not go on, or null
 * @param summaries   every alert it raised: rule to the latest summary seen, to say what a false alert was about
 */
public record SessionOutcome(int index, String sessionId, Set<Anomaly> anomalies, String state, Map<String, String> alerts,
                             Map<String, Integer> alertCounts, Duration monitored, String failure, Map<String, String> summaries) {

    /** A session that failed before or while it ran. */
    static SessionOutcome failed(int index, Set<Anomaly> anomalies, String failure) {
        return new SessionOutcome(index, null, anomalies, "FAILED", Map.of(), Map.of(), Duration.ZERO, failure, Map.of());
    }
}
