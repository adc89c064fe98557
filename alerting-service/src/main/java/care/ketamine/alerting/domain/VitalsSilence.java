package care.ketamine.alerting.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Readings stopped for every monitored session at once: the pipeline, not the patients. It takes the sessions
 * whose devices are expected often ({@link #EXPECTED_OFTEN}: an oximeter, not a cuff alone), that have sent
 * before and that stopped together (within two of their readings of the newest last reading); when there are at
 * least {@link #AT_LEAST} such sessions, every one has missed at least one expected
 * reading and one has been quiet for two (when its own device-silent alert is due), the readings as a whole
 * are silent since the newest of their last readings. Judging it no later than device silence lets the
 * per-session alerts it causes be grouped under it from their first page.
 */
public final class VitalsSilence {

    public static final int AT_LEAST = 2;
    public static final Duration EXPECTED_OFTEN = Duration.ofSeconds(10);

    private VitalsSilence() {
    }

    /**
     * A session under monitoring.
     *
     * @param lastReadingAt the server's receipt of its newest reading; null when it has sent none
     * @param expectedEvery how often its most frequent device is expected to send
     */
    public record Monitored(String sessionId, Instant lastReadingAt, Duration expectedEvery) {
    }

    /** Silent since {@code since} (the newest last reading), over {@code sessions} sessions. */
    public record Silence(Instant since, int sessions) {

        public Duration quietFor(Instant now) {
            return Duration.between(since, now);
        }
    }

    public static Optional<Silence> judge(Collection<Monitored> sessions, Instant now) {
        List<Monitored> sending = sessions.stream()
                .filter(s -> s.lastReadingAt() != null && s.expectedEvery() != null)
                .filter(s -> s.expectedEvery().compareTo(EXPECTED_OFTEN) <= 0)
                .toList();
        Optional<Instant> newest = sending.stream().map(Monitored::lastReadingAt).max(Comparator.naturalOrder());
        // Only the sessions that stopped together: one quiet since long before (its oximeter taken off, its own
        // device-silent alert paged then) is not evidence of the pipeline, and counting it would group a patient's
        // new silence under a pipeline alert instead of paging it.
        List<Monitored> judged = sending.stream()
                .filter(s -> !s.lastReadingAt().isBefore(newest.orElseThrow().minus(s.expectedEvery().multipliedBy(2))))
                .toList();
        if (judged.size() < AT_LEAST) {
            return Optional.empty();
        }
        boolean everyOneMissedOne = judged.stream()
                .allMatch(s -> Duration.between(s.lastReadingAt(), now).compareTo(s.expectedEvery()) >= 0);
        boolean oneMissedTwo = judged.stream()
                .anyMatch(s -> Duration.between(s.lastReadingAt(), now).compareTo(s.expectedEvery().multipliedBy(2)) >= 0);
        if (!everyOneMissedOne || !oneMissedTwo) {
            return Optional.empty();
        }
        Instant since = judged.stream().map(Monitored::lastReadingAt).max(Comparator.naturalOrder()).orElseThrow();
        return Optional.of(new Silence(since, judged.size()));
    }
}
