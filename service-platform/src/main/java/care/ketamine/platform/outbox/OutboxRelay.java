package care.ketamine.platform.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends committed outbox events to Kafka, oldest first, and marks them published only after
 * the broker's acknowledgement. One relay at a time, across replicas, holds a PostgreSQL
 * advisory lock for its batch, so events of one aggregate are never sent out of order; a crash
 * between send and mark sends an event twice, which consumers ignore by event id. Nothing
 * committed is ever lost. It runs right after each commit that appended events, and every
 * second in case a wake-up was missed (a crash, another replica's events).
 */
@ApplicationScoped
@IfBuildProperty(name = "outbox.enabled", stringValue = "true")
public class OutboxRelay {

    static final int BATCH = 200;
    /** The advisory lock key of the relay ("outbox" in ASCII). */
    static final long RELAY_LOCK = 0x6f7574626f78L;
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(10);

    private final EntityManager entityManager;
    private final MutinyEmitter<String> outbox;
    private final Clock clock;
    private final Counter published;
    private final Counter failures;

    public OutboxRelay(EntityManager entityManager,
                       @Channel("outbox") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 1024)
                       MutinyEmitter<String> outbox,
                       Clock clock, MeterRegistry meters) {
        this.entityManager = entityManager;
        this.outbox = outbox;
        this.clock = clock;
        this.published = meters.counter("outbox.events.published");
        this.failures = meters.counter("outbox.relay.failures");
    }

    // Delayed: the first run must not race the messaging channels being wired at startup.
    private final ExecutorService wakeUps = Executors.newSingleThreadExecutor(r -> new Thread(r, "outbox-relay"));
    private final AtomicBoolean wakeUpPending = new AtomicBoolean();

    void onCommitted(@Observes(during = TransactionPhase.AFTER_SUCCESS) Outbox.Appended appended) {
        if (wakeUpPending.compareAndSet(false, true)) {
            wakeUps.execute(() -> {
                wakeUpPending.set(false);
                relay();
            });
        }
    }

    @PreDestroy
    void stop() {
        wakeUps.shutdown();
    }

    // Not before the application runs: a run during startup raced the messaging channels being wired
    // ("Unable to connect an emitter with the channel outbox", logged as an error).
    @Scheduled(every = "${outbox.relay.interval:1s}", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void relay() {
        try {
            while (relayBatch() == BATCH) {
                // a backlog: keep going until it is drained
            }
        } catch (RuntimeException e) {
            failures.increment();
            Log.warnf("outbox relay will retry: %s", e.getClass().getSimpleName());
        }
    }

    /** Sends one batch; returns how many events it published. */
    @Transactional
    public int relayBatch() {
        boolean mine = (Boolean) entityManager.createNativeQuery("SELECT pg_try_advisory_xact_lock(?1)")
                .setParameter(1, RELAY_LOCK).getSingleResult();
        if (!mine) {
            return 0; // another relay (thread or replica) is sending; it will drain the rest
        }
        @SuppressWarnings("unchecked")
        List<OutboxEvent> batch = entityManager.createNativeQuery(
                        "SELECT * FROM outbox_event WHERE published_at IS NULL ORDER BY id LIMIT " + BATCH, OutboxEvent.class)
                .getResultList();
        if (batch.isEmpty()) {
            return 0;
        }
        List<Uni<Void>> acks = batch.stream().map(this::send).toList();
        Uni.join().all(acks).andFailFast().await().atMost(ACK_TIMEOUT);
        var now = clock.instant();
        batch.forEach(event -> event.publishedAt = now);
        published.increment(batch.size());
        return batch.size();
    }

    private Uni<Void> send(OutboxEvent event) {
        return outbox.sendMessage(Message.of(event.payload).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(event.topic).withKey(event.recordKey).build()));
    }
}
