package care.ketamine.vitals.ingest;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.Topics;
import care.ketamine.platform.kafka.KafkaClientSettings;
import care.ketamine.platform.tracing.TraceContext;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.Config;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Puts observations on {@code vitals.observations}, keyed by session so they stay in order, with a
 * plain Kafka producer: the service's {@code kafka.*} settings (TLS, SASL) as the channels get them,
 * every {@code vitals.producer.*} property on top, and acks=all and idempotence over both. Not a
 * SmallRye emitter: its per-message pipeline (overflow buffer, ack hand-off to the event loop) more
 * than doubled the time to the broker's ack under load (docs/benchmarks.md).
 *
 * <p>{@code send()} never waits ({@code max.block.ms=0}): it runs on the group screen's thread, where
 * one send waiting for metadata or buffer room would hold up every device behind it. Without the
 * topic's metadata or room in the buffer it fails at once and the device is told to retry (503). So
 * the metadata is fetched at startup (and kept however long no reading comes), and the service is
 * not ready until it is.
 */
@ApplicationScoped
public class ObservationPublisher {

    private static final String PREFIX = "vitals.producer.";
    private final KafkaProducer<String, String> producer;
    private final Tracer tracer;
    private volatile boolean knowsTopic;
    private Thread warming;

    public ObservationPublisher(Config config, KafkaClientSettings kafka, Tracer tracer) {
        this.tracer = tracer;
        Map<String, Object> settings = new HashMap<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(PREFIX)) {
                settings.put(name.substring(PREFIX.length()), config.getValue(name, String.class));
            }
        }
        // Not negotiable by configuration: the device is told "stored" only when every in-sync replica has it.
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "0");
        // The topic's metadata must stay known through quiet hours: without it a send fails (max.block.ms=0).
        settings.put(ProducerConfig.METADATA_MAX_IDLE_CONFIG, String.valueOf(Duration.ofDays(7).toMillis()));
        this.producer = new KafkaProducer<>(kafka.with(settings), new StringSerializer(), new StringSerializer());
    }

    /** {@link #publish(String, EventEnvelope, Context)} in the current trace. */
    public Uni<Void> publish(String sessionId, EventEnvelope<?> event) {
        return publish(sessionId, event, Context.current());
    }

    /**
     * Completes when the broker has acknowledged the record (acks=all), fails when it refuses it.
     *
     * @param trace the trace the record goes on in (the device's request): its span is in the record's headers,
     *              so that alerting's evaluation and the page join it
     */
    public Uni<Void> publish(String sessionId, EventEnvelope<?> event, Context trace) {
        ProducerRecord<String, String> record = new ProducerRecord<>(Topics.VITALS_OBSERVATIONS, sessionId, EventJson.write(event));
        Span sending = tracer.spanBuilder(Topics.VITALS_OBSERVATIONS + " publish").setParent(trace)
                .setSpanKind(SpanKind.PRODUCER)
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.destination.name", Topics.VITALS_OBSERVATIONS)
                .setAttribute("messaging.message.id", event.eventId().toString())
                .startSpan();
        TraceContext.into(record.headers(), trace.with(sending));
        return Uni.createFrom().emitter(answer -> {
            try {
                producer.send(record, (metadata, failure) -> {
                    if (failure == null) {
                        sending.end();
                        answer.complete(null);
                    } else {
                        sending.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName()).end();
                        answer.fail(failure);
                    }
                });
            } catch (RuntimeException refused) { // no metadata or no buffer room: never waited for (max.block.ms=0)
                sending.setStatus(StatusCode.ERROR, refused.getClass().getSimpleName()).end();
                answer.fail(refused);
            }
        });
    }

    /** Whether the producer knows vitals.observations' partitions, so that a send can go out. */
    public boolean knowsTopic() {
        return knowsTopic;
    }

    /**
     * Fetches the topic's metadata once the broker answers, on a thread of its own: with max.block.ms=0
     * each call only asks for it, and a later one finds it.
     */
    void warm(@Observes StartupEvent started) {
        warming = new Thread(() -> {
            while (!knowsTopic && !Thread.currentThread().isInterrupted()) {
                try {
                    knowsTopic = !producer.partitionsFor(Topics.VITALS_OBSERVATIONS).isEmpty();
                } catch (RuntimeException notYet) { // no metadata yet, broker away
                    // asked again below
                }
                if (!knowsTopic) {
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException stopping) {
                        return;
                    }
                }
            }
        }, "observations-metadata");
        warming.setDaemon(true);
        warming.start();
    }

    @PreDestroy
    void close() {
        if (warming != null) {
            warming.interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }
}
