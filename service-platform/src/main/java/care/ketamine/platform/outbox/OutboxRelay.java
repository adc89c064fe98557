package care.ketamine.platform.outbox;

import care.ketamine.platform.sql.ReplicaLock;
import care.ketamine.platform.tracing.TraceContext;
import care.ketamine.platform.tracing.Traces;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
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
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends committed outbox events to Kafka, oldest first, and marks them published only after
 * the broker's acknowledgement. One relay at a time, across replicas, holds a PostgreSQL
 * advisory lock for its batch, so events of one aggregate are never sent out of order; a crash
 * between send and mark sends an event twice, which consumers ignore by event id. Nothing
 * committed is ever lost. It runs right after each commit that appended events, and every
 * second in case a wake-up was missed (a crash, another replica's events).
 * <p>
 * An event the broker refuses for good ({@link BrokerRefusal}: too large, not serializable, an
 * invalid topic) would otherwise be retried forever and hold back every event behind it. It is
 * moved to {@code outbox_parked} with the error, counted ({@code outbox_events_parked_total}, and
 * the gauge {@code outbox_parked_events} of rows waiting there) and logged without its payload,
 * and the relay goes on. The other events of its aggregate still go in their order; only the
 * parked one is missing from the topic, and it is in {@code outbox_parked} for an operator. A
 * broker that is down or slow is not the event's fault: the batch is rolled back and sent again
 * later, nothing parked.
 * <p>
 * Each send is a PRODUCER span in the trace the event was written in (the row's {@code trace_parent}; a trace of
 * its own when the row has none), and the record's {@code traceparent} header names it, so consumers go on in
 * that trace. The connector's own tracing is off for this channel: its span would start on the relay's thread,
 * outside the event's trace.
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
    private final Counter parked;
    private final Tracer tracer;

    public OutboxRelay(EntityManager entityManager,
                       @Channel("outbox") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 1024)
                       MutinyEmitter<String> outbox,
                       Clock clock, MeterRegistry meters, AgroalDataSource dataSource, Tracer tracer) {
        this.entityManager = entityManager;
        this.outbox = outbox;
        this.clock = clock;
        this.tracer = tracer;
        this.published = meters.counter("outbox.events.published");
        this.failures = meters.counter("outbox.relay.failures");
        this.parked = meters.counter("outbox.events.parked");
        // Read at each scrape: what operators alert on is parked events still waiting for them.
        Gauge.builder("outbox.parked.events", dataSource, OutboxRelay::countParked)
                .description("Outbox events the broker refused for good, waiting in outbox_parked").register(meters);
    }

    // Delayed: the first run must not race the messaging channels being wired at startup.
    private final ExecutorService wakeUps = Executors.newSingleThreadExecutor(r -> new Thread(r, "outbox-relay"));
    private final ExecutorService senders = Executors.newSingleThreadExecutor(r -> new Thread(r, "outbox-send"));
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
        senders.shutdown();
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
            Log.warnf("outbox relay will retry: %s", e instanceof BrokerUnavailable ? e.getMessage() : e.getClass().getSimpleName());
        }
    }

    /** Sends one batch; returns how many events it published. */
    @Transactional
    public int relayBatch() {
        boolean mine = ReplicaLock.claim(entityManager, RELAY_LOCK);
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
        // Every send's own outcome (null: acknowledged), not the first failure: one refused event must
        // not fail the batch. A broker that does not answer at all times the whole batch out: rolled back.
        List<Throwable> outcomes = sendAll(batch);
        for (Throwable failure : outcomes) {
            if (failure != null && !BrokerRefusal.isForGood(failure)) {
                throw new BrokerUnavailable(failure); // sent again later, in order; nothing parked for an outage
            }
        }
        var now = clock.instant();
        int sent = 0;
        for (int i = 0; i < batch.size(); i++) {
            if (outcomes.get(i) == null) {
                batch.get(i).publishedAt = now;
                sent++;
            } else {
                park(batch.get(i), outcomes.get(i), now);
            }
        }
        published.increment(sent);
        return batch.size();
    }

    /**
     * Sends from a thread that has no transaction: sent from this one, the emitter's context
     * propagation carried the transaction to the producer's threads, and its commit then failed
     * ("committing with 2 threads active"), so a published batch was rolled back and sent again.
     */
    private List<Throwable> sendAll(List<OutboxEvent> batch) {
        Future<List<Throwable>> sending = senders.submit(() -> Uni.join().all(batch.stream().map(this::outcome).toList())
                .andFailFast().await().atMost(ACK_TIMEOUT));
        try {
            return sending.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the outbox batch was sent", e);
        }
    }

    private Uni<Throwable> outcome(OutboxEvent event) {
        return send(event).onItem().transform(acknowledged -> (Throwable) null).onFailure().recoverWithItem(failure -> failure);
    }

    private void park(OutboxEvent event, Throwable failure, Instant now) {
        String error = BrokerRefusal.describe(failure);
        entityManager.createNativeQuery("INSERT INTO outbox_parked (id, event_id, topic, record_key, event_type, payload, "
                        + "created_at, parked_at, error) SELECT id, event_id, topic, record_key, event_type, payload, created_at, ?2, ?3 "
                        + "FROM outbox_event WHERE id = ?1")
                .setParameter(1, event.id).setParameter(2, now).setParameter(3, error).executeUpdate();
        entityManager.remove(event);
        parked.increment();
        // No payload in the log: it may carry what a patient or a clinician typed.
        Log.errorf("outbox event %s (%s on %s, key %s) refused by the broker for good, moved to outbox_parked: %s",
                event.eventId, event.eventType, event.topic, event.recordKey, error);
    }

    private static double countParked(AgroalDataSource dataSource) {
        try (Connection c = dataSource.getConnection(); Statement q = c.createStatement();
             ResultSet rs = q.executeQuery("SELECT count(*) FROM outbox_parked")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return Double.NaN; // the database is away: unknown, not zero
        }
    }

    /** A send failed because of the broker's state, not the event: the batch is tried again. */
    static final class BrokerUnavailable extends RuntimeException {
        BrokerUnavailable(Throwable cause) {
            super(cause.getClass().getSimpleName(), cause);
        }
    }

    private Uni<Void> send(OutboxEvent event) {
        var written = TraceContext.fromTraceParent(event.traceParent);
        Span sending = tracer.spanBuilder(event.topic + " publish").setParent(written)
                .setSpanKind(SpanKind.PRODUCER)
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.destination.name", event.topic)
                .setAttribute("messaging.message.id", String.valueOf(event.eventId))
                .startSpan();
        RecordHeaders headers = new RecordHeaders();
        TraceContext.into(headers, written.with(sending)); // nothing when tracing is off
        return outbox.sendMessage(Message.of(event.payload).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withTopic(event.topic).withKey(event.recordKey).withHeaders(headers).build()))
                // Also when the batch gives up waiting for the ack and cancels: the span still ends and is exported.
                .onTermination().invoke((acknowledged, failure, cancelled) -> {
                    if (failure != null) {
                        Traces.failed(sending, failure);
                    } else if (cancelled) {
                        Traces.failed(sending, new java.util.concurrent.TimeoutException("no acknowledgement in time"));
                    }
                    sending.end();
                });
    }
}
