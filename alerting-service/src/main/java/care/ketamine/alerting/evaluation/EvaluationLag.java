package care.ketamine.alerting.evaluation;

import care.ketamine.platform.heartbeat.ConsumerLag;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How far behind {@code vitals.observations} the evaluation is: when a poll is taken, the oldest of its
 * partitions' newest records says up to when the topic has been seen. Each replica reports its own (table
 * {@code evaluation_lag}, at most once a second); the timed checks, which one replica runs for all, judge
 * silence and unanswered prompts as of the worst report of the last minute, so that readings and answers
 * still waiting on the topic are not taken for silence (a stalled consumer would otherwise page every
 * patient's devices at once). A replica that stops reporting (idle, or gone: its partitions move) ages out.
 */
@ApplicationScoped
class EvaluationLag implements ConsumerLag {

    static final Duration REPORT_EVERY = Duration.ofSeconds(1);
    static final Duration REPORT_VALID = Duration.ofSeconds(60);

    private final String replica = UUID.randomUUID().toString();
    private final EntityManager entityManager;
    private final Clock clock;
    private final AtomicLong behindMillis = new AtomicLong();
    private volatile long reportedAtNanos = System.nanoTime() - REPORT_EVERY.toNanos();

    EvaluationLag(EntityManager entityManager, Clock clock, MeterRegistry meters) {
        this.entityManager = entityManager;
        this.clock = clock;
        meters.gauge("alerts.evaluation.behind.seconds", behindMillis, millis -> millis.get() / 1000.0);
    }

    /** A poll is about to be evaluated. */
    void polled(Iterable<ConsumerRecord<String, String>> poll) {
        Map<TopicPartition, Long> newestByPartition = new HashMap<>();
        for (ConsumerRecord<String, String> record : poll) {
            if (record.timestamp() > 0) {
                newestByPartition.merge(new TopicPartition(record.topic(), record.partition()), record.timestamp(), Math::max);
            }
        }
        if (newestByPartition.isEmpty()) {
            return;
        }
        long seenUpTo = newestByPartition.values().stream().mapToLong(Long::longValue).min().orElseThrow();
        // Broker timestamps are wall-clock times: the lag is measured on the wall clock, whatever the service's clock.
        long behind = Math.max(0, System.currentTimeMillis() - seenUpTo);
        long reported = behindMillis.getAndSet(behind);
        // At most once a second (on the wall clock: the service's may be moved), unless the lag changed by a second.
        if (System.nanoTime() - reportedAtNanos >= REPORT_EVERY.toNanos() || Math.abs(behind - reported) >= 1_000) {
            reportedAtNanos = System.nanoTime();
            Instant now = clock.instant();
            try {
                QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("""
                                INSERT INTO evaluation_lag (replica, behind_ms, reported_at) VALUES (?1, ?2, ?3)
                                ON CONFLICT (replica) DO UPDATE SET behind_ms = excluded.behind_ms, reported_at = excluded.reported_at""")
                        .setParameter(1, replica).setParameter(2, behind).setParameter(3, now).executeUpdate());
            } catch (RuntimeException notReported) {
                // The evaluation itself will wait for the database; this report is only advice to the timed checks.
                Log.warnf("evaluation lag not reported: %s", notReported.getMessage());
            }
        }
    }

    /** This replica's lag as of its latest poll, for its heartbeat (session-service's console shows it when over 10 s). */
    @Override
    public Duration behind() {
        return Duration.ofMillis(behindMillis.get());
    }

    /** The worst lag any replica reported in the last minute; zero when none did. In the caller's transaction. */
    Duration worst(Instant now) {
        Number worst = (Number) entityManager.createNativeQuery(
                        "SELECT coalesce(max(behind_ms), 0) FROM evaluation_lag WHERE reported_at > ?1")
                .setParameter(1, now.minus(REPORT_VALID)).getSingleResult();
        return Duration.ofMillis(worst.longValue());
    }
}
