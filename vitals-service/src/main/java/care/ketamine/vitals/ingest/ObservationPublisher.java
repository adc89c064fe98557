package care.ketamine.vitals.ingest;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.Topics;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
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
 * plain Kafka producer: acks=all and idempotence, every {@code vitals.producer.*} property passed
 * through. Not a SmallRye emitter: its per-message pipeline (overflow buffer, ack hand-off to the
 * event loop) more than doubled the time to the broker's ack under load (docs/benchmarks.md).
 */
@ApplicationScoped
public class ObservationPublisher {

    private static final String PREFIX = "vitals.producer.";
    private final KafkaProducer<String, String> producer;

    public ObservationPublisher(Config config) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.getValue("kafka.bootstrap.servers", String.class));
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(PREFIX)) {
                settings.put(name.substring(PREFIX.length()), config.getValue(name, String.class));
            }
        }
        // Not negotiable by configuration: the device is told "stored" only when every in-sync replica has it.
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        this.producer = new KafkaProducer<>(settings, new StringSerializer(), new StringSerializer());
    }

    /** Completes when the broker has acknowledged the record (acks=all), fails when it refuses it. */
    public Uni<Void> publish(String sessionId, EventEnvelope<?> event) {
        ProducerRecord<String, String> record = new ProducerRecord<>(Topics.VITALS_OBSERVATIONS, sessionId, EventJson.write(event));
        return Uni.createFrom().emitter(answer -> {
            try {
                producer.send(record, (metadata, failure) -> {
                    if (failure == null) {
                        answer.complete(null);
                    } else {
                        answer.fail(failure);
                    }
                });
            } catch (RuntimeException refused) { // e.g. no metadata within max.block.ms
                answer.fail(refused);
            }
        });
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
