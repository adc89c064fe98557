package care.ketamine.alerting.evaluation;

import care.ketamine.contracts.Topics;
import care.ketamine.platform.heartbeat.ConsumerLag;
import care.ketamine.platform.sql.SqlValues;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Default;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;

/**
 * Up to when the evaluation has seen {@code vitals.observations} ({@link TopicProgress}): the timed checks, which
 * one replica runs for all, judge silence and unanswered prompts as of the earliest that any replica reported in
 * the last minute, so that readings and answers still waiting on the topic, or in a poll still being evaluated,
 * are not taken for silence (a slow or stalled evaluation would otherwise page every patient's devices at once).
 * Each replica reports its own (table {@code evaluation_lag}) once a second while it advances, and at once when it
 * falls further behind. A replica that stops advancing (its evaluation stuck, its consumer unreadable, or gone: its
 * partitions move) stops reporting, and its report ages out after {@link #REPORT_VALID}: a stuck evaluation holds
 * silence back for a minute at most.
 *
 * <p>The consumer's positions are read on its polling thread each second; its partitions' starting positions come
 * from the rebalance listener this bean also is (channel attribute {@code consumer-rebalance-listener.name}).
 */
@ApplicationScoped
@Default
@Identifier(EvaluationLag.LISTENER)
class EvaluationLag implements ConsumerLag, KafkaConsumerRebalanceListener {

    static final String LISTENER = "observations-progress";
    static final String CHANNEL = "observations";
    static final Duration REPORT_VALID = Duration.ofSeconds(60);
    /** An evaluation this slow is worth an operator's look: a device's silence is judged on a 10 s scale. */
    static final Duration SLOW_POLL = Duration.ofSeconds(5);
    private static final Duration POSITIONS_WAIT = Duration.ofSeconds(2);

    private final String replica = UUID.randomUUID().toString();
    private final EntityManager entityManager;
    private final Clock clock;
    private final KafkaClientService kafka;
    private final TopicProgress progress = new TopicProgress();
    private long pollNumbers;
    /** What this replica last reported: null before its first report, empty for "no partitions". */
    private OptionalLong reported;

    /** A poll being evaluated, and since when (the wall clock's nanos). */
    record Poll(long number, long sinceNanos) {
    }

    EvaluationLag(EntityManager entityManager, Clock clock, KafkaClientService kafka, MeterRegistry meters) {
        this.entityManager = entityManager;
        this.clock = clock;
        this.kafka = kafka;
        meters.gauge("alerts.evaluation.behind.seconds", this, lag -> lag.behind().toMillis() / 1000.0);
    }

    /** A poll is about to be evaluated; {@link #evaluated(Poll)} must follow, whatever happens. */
    Poll polled(Iterable<ConsumerRecord<String, String>> records) {
        List<TopicProgress.Handed> handed = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            if (record.timestamp() > 0) {
                handed.add(new TopicProgress.Handed(record.partition(), record.offset(), record.timestamp()));
            }
        }
        synchronized (this) {
            Poll poll = new Poll(++pollNumbers, System.nanoTime());
            progress.handed(poll.number(), handed);
            reportIfBehind();
            return poll;
        }
    }

    /** The poll has been evaluated (or failed). */
    void evaluated(Poll poll) {
        synchronized (this) {
            progress.evaluated(poll.number());
        }
        Duration took = Duration.ofNanos(System.nanoTime() - poll.sinceNanos());
        if (took.compareTo(SLOW_POLL) >= 0) {
            Log.warnf("a poll of vitals.observations took %d ms to evaluate; silence was held back meanwhile", took.toMillis());
        }
    }

    /** Reads where the consumer is, and reports how far the evaluation has seen when that changed. */
    @Scheduled(every = "1s", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void readPositions() {
        Map<Integer, TopicProgress.Position> positions;
        long askedAt = System.currentTimeMillis();
        try {
            KafkaConsumer<Object, Object> consumer = kafka.getConsumer(CHANNEL);
            if (consumer == null) {
                return;
            }
            // Not under this bean's lock: the polling thread takes it in the rebalance callbacks.
            positions = consumer.runOnPollingThread(EvaluationLag::positions).await().atMost(POSITIONS_WAIT);
        } catch (RuntimeException unread) {
            // Not advancing is the safe side: silence stays held back until the report ages out.
            Log.debugf("positions of %s not read: %s", CHANNEL, unread.getMessage());
            return;
        }
        synchronized (this) {
            progress.positions(positions, askedAt);
            OptionalLong seen = progress.seenUpTo(System.currentTimeMillis());
            if (!seen.equals(reported)) {
                report(seen);
            }
        }
    }

    private static Map<Integer, TopicProgress.Position> positions(Consumer<?, ?> consumer) {
        Set<TopicPartition> paused = consumer.paused();
        Map<Integer, TopicProgress.Position> positions = new HashMap<>();
        for (TopicPartition partition : consumer.assignment()) {
            if (!Topics.VITALS_OBSERVATIONS.equals(partition.topic())) {
                continue;
            }
            try {
                positions.put(partition.partition(), new TopicProgress.Position(consumer.position(partition, Duration.ZERO),
                        consumer.currentLag(partition), paused.contains(partition)));
            } catch (TimeoutException notYetKnown) {
                // Its position is still being looked up: nothing is known of it yet.
            }
        }
        return positions;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        Map<Integer, Long> from = new HashMap<>();
        for (TopicPartition partition : partitions) {
            if (Topics.VITALS_OBSERVATIONS.equals(partition.topic())) {
                from.put(partition.partition(), consumer.position(partition));
            }
        }
        synchronized (this) {
            from.forEach(progress::assigned);
            reportIfBehind();
        }
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        synchronized (this) {
            partitions.forEach(partition -> progress.revoked(partition.partition()));
        }
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        onPartitionsRevoked(consumer, partitions);
    }

    /** Reports at once when this replica has fallen further behind than it last said; advancing waits for the second. */
    private void reportIfBehind() {
        OptionalLong seen = progress.seenUpTo(System.currentTimeMillis());
        if (reported == null || seen.isPresent() && (reported.isEmpty() || seen.getAsLong() < reported.getAsLong())) {
            report(seen);
        }
    }

    private void report(OptionalLong seenUpTo) {
        reported = seenUpTo;
        try {
            QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("""
                            INSERT INTO evaluation_lag (replica, reported_at, seen_up_to)
                            VALUES (?1, ?2, CASE WHEN ?3 THEN CAST(?4 AS timestamptz) END)
                            ON CONFLICT (replica) DO UPDATE SET reported_at = excluded.reported_at,
                                seen_up_to = excluded.seen_up_to""")
                    // ?4 is never null (an untyped null will not bind); ?3 says whether it counts.
                    .setParameter(1, replica).setParameter(2, clock.instant()).setParameter(3, seenUpTo.isPresent())
                    .setParameter(4, Instant.ofEpochMilli(seenUpTo.orElse(0)))
                    .executeUpdate());
        } catch (RuntimeException notReported) {
            // The evaluation itself will wait for the database; this report is only advice to the timed checks.
            Log.warnf("evaluation lag not reported: %s", notReported.getMessage());
        }
    }

    /** How far behind the wall clock this replica's evaluation is, for its heartbeat (the console shows over 10 s). */
    @Override
    public synchronized Duration behind() {
        long now = System.currentTimeMillis();
        return Duration.ofMillis(Math.max(0, now - progress.seenUpTo(now).orElse(now)));
    }

    /**
     * How far behind the wall clock the furthest-behind replica that reported in the last minute (on the service's
     * clock) is; zero when none did. In the caller's transaction.
     */
    Duration worst(Instant now) {
        Object earliest = entityManager.createNativeQuery(
                        "SELECT min(seen_up_to) FROM evaluation_lag WHERE reported_at > ?1 AND seen_up_to IS NOT NULL")
                .setParameter(1, now.minus(REPORT_VALID)).getSingleResult();
        if (earliest == null) {
            return Duration.ZERO;
        }
        long behind = System.currentTimeMillis() - SqlValues.instant(earliest).toEpochMilli();
        return Duration.ofMillis(Math.max(0, behind));
    }
}
