package care.ketamine.alerting.evaluation;

import care.ketamine.platform.heartbeat.ConsumerLag;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How far behind {@code vitals.observations} the evaluation is: when a poll is taken, the oldest of its
 * partitions' newest records says up to when the topic has been seen. Each replica reports its own (table
 * {@code evaluation_lag}, at most once a second); the timed checks, which one replica runs for all, judge
 * silence and unanswered prompts as of the worst report of the last minute, so that readings and answers
 * still waiting on the topic are not taken for silence (a stalled consumer would otherwise page every
 * patient's devices at once). A replica that stops reporting (idle, or gone: its partitions move) ages out.
 *
 * <p>A poll still being evaluated has not been seen either: a replica whose poll has taken longer than
 * {@link #REPORT_EVERY} says since when it is evaluating, and its lag grows by that time until the poll is done.
 * That mark ages out like any report, so an evaluation stuck for good holds silence back for at most
 * {@link #REPORT_VALID}.
 */
@ApplicationScoped
class EvaluationLag implements ConsumerLag {

    static final Duration REPORT_EVERY = Duration.ofSeconds(1);
    static final Duration REPORT_VALID = Duration.ofSeconds(60);
    /** An evaluation this slow is worth an operator's look: a device's silence is judged on a 10 s scale. */
    static final Duration SLOW_POLL = Duration.ofSeconds(5);

    private final String replica = UUID.randomUUID().toString();
    private final EntityManager entityManager;
    private final Clock clock;
    private final AtomicLong behindMillis = new AtomicLong();
    private volatile long reportedAtNanos = System.nanoTime() - REPORT_EVERY.toNanos();
    private long pollNumbers;
    /** The polls being evaluated, oldest first (one at a time from the consumer; the map keeps overlaps right). */
    private final TreeMap<Long, Poll> evaluating = new TreeMap<>();
    /** The start of the evaluation this replica last said it is in, or null. */
    private Instant reportedEvaluatingSince;

    /** A poll being evaluated: since when, on the wall clock's nanos and on the service's clock. */
    record Poll(long number, long sinceNanos, Instant since) {
    }

    EvaluationLag(EntityManager entityManager, Clock clock, MeterRegistry meters) {
        this.entityManager = entityManager;
        this.clock = clock;
        meters.gauge("alerts.evaluation.behind.seconds", this, lag -> lag.behind().toMillis() / 1000.0);
    }

    /** A poll is about to be evaluated; {@link #evaluated(Poll)} must follow, whatever happens. */
    synchronized Poll polled(Iterable<ConsumerRecord<String, String>> records) {
        Poll poll = new Poll(++pollNumbers, System.nanoTime(), clock.instant());
        evaluating.put(poll.number(), poll);
        Map<TopicPartition, Long> newestByPartition = new HashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            if (record.timestamp() > 0) {
                newestByPartition.merge(new TopicPartition(record.topic(), record.partition()), record.timestamp(), Math::max);
            }
        }
        if (newestByPartition.isEmpty()) {
            return poll;
        }
        long seenUpTo = newestByPartition.values().stream().mapToLong(Long::longValue).min().orElseThrow();
        // Broker timestamps are wall-clock times: the lag is measured on the wall clock, whatever the service's clock.
        long behind = Math.max(0, System.currentTimeMillis() - seenUpTo);
        long reported = behindMillis.getAndSet(behind);
        // At most once a second (on the wall clock: the service's may be moved), unless the lag changed by a second.
        if (System.nanoTime() - reportedAtNanos >= REPORT_EVERY.toNanos() || Math.abs(behind - reported) >= 1_000) {
            report(behind, reportedEvaluatingSince);
        }
        return poll;
    }

    /** The poll has been evaluated (or failed). */
    synchronized void evaluated(Poll poll) {
        evaluating.remove(poll.number());
        if (reportedEvaluatingSince == null) {
            return;
        }
        Instant stillSince = evaluating.isEmpty() ? null : evaluating.firstEntry().getValue().since();
        if (!Objects.equals(stillSince, reportedEvaluatingSince)) {
            reportedEvaluatingSince = stillSince;
            report(behindMillis.get(), stillSince);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - poll.sinceNanos());
        if (took.compareTo(SLOW_POLL) >= 0) {
            Log.warnf("a poll of vitals.observations took %d ms to evaluate; silence was held back meanwhile", took.toMillis());
        }
    }

    /** Says so when a poll has been evaluating for longer than {@link #REPORT_EVERY}, once per poll. */
    @Scheduled(every = "1s", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    synchronized void stillEvaluating() {
        if (evaluating.isEmpty() || reportedEvaluatingSince != null) {
            return;
        }
        Poll oldest = evaluating.firstEntry().getValue();
        if (System.nanoTime() - oldest.sinceNanos() >= REPORT_EVERY.toNanos()) {
            reportedEvaluatingSince = oldest.since();
            report(behindMillis.get(), oldest.since());
        }
    }

    private void report(long behind, Instant evaluatingFrom) {
        reportedAtNanos = System.nanoTime();
        Instant now = clock.instant();
        try {
            QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("""
                            INSERT INTO evaluation_lag (replica, behind_ms, reported_at, evaluating_since)
                            VALUES (?1, ?2, ?3, CASE WHEN ?4 THEN CAST(?5 AS timestamptz) END)
                            ON CONFLICT (replica) DO UPDATE SET behind_ms = excluded.behind_ms,
                                reported_at = excluded.reported_at, evaluating_since = excluded.evaluating_since""")
                    // ?5 is never null (an untyped null will not bind); ?4 says whether it counts.
                    .setParameter(1, replica).setParameter(2, behind).setParameter(3, now)
                    .setParameter(4, evaluatingFrom != null).setParameter(5, evaluatingFrom != null ? evaluatingFrom : now)
                    .executeUpdate());
        } catch (RuntimeException notReported) {
            // The evaluation itself will wait for the database; this report is only advice to the timed checks.
            Log.warnf("evaluation lag not reported: %s", notReported.getMessage());
        }
    }

    /**
     * This replica's lag as of its latest poll, and the time that poll has been evaluating, for its heartbeat
     * (session-service's console shows it when over 10 s).
     */
    @Override
    public synchronized Duration behind() {
        long since = evaluating.isEmpty() ? 0 : System.nanoTime() - evaluating.firstEntry().getValue().sinceNanos();
        return Duration.ofMillis(behindMillis.get()).plusNanos(since);
    }

    /**
     * The worst lag any replica reported in the last minute, with the time since a poll it said it is still
     * evaluating; zero when none did. In the caller's transaction.
     */
    Duration worst(Instant now) {
        Number worst = (Number) entityManager.createNativeQuery("""
                        SELECT coalesce(max(behind_ms + CASE WHEN evaluating_since IS NULL THEN 0
                                   ELSE greatest(0, extract(epoch FROM (CAST(?2 AS timestamptz) - evaluating_since)) * 1000) END), 0)
                        FROM evaluation_lag WHERE reported_at > ?1""")
                .setParameter(1, now.minus(REPORT_VALID)).setParameter(2, now).getSingleResult();
        return Duration.ofMillis(worst.longValue());
    }
}
