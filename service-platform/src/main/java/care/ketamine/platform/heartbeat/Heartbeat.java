package care.ketamine.platform.heartbeat;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.platform.ServiceHeartbeat;
import care.ketamine.platform.kafka.KafkaClientSettings;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;

/**
 * Says every 5 seconds on {@code platform.heartbeats} that this instance of the service is running and
 * reaches the broker, with its {@link ConsumerLag} and {@link WebPushKey} when it has them. session-service's console watches
 * these. On when {@code heartbeat.enabled} (the shared default); tests send theirs by hand.
 *
 * <p>A heartbeat that cannot be sent is not retried: the next one follows in 5 seconds, and a missing one
 * is exactly what the watcher is for. Sending never waits long for a broker that is down.
 */
@ApplicationScoped
public class Heartbeat {

    private final KafkaClientSettings kafka;
    private final Instance<ConsumerLag> lag;
    private final Instance<WebPushKey> webPushKey;
    private final Clock clock;
    private final boolean enabled;
    private final String service;
    private final String instance;
    private KafkaProducer<String, String> producer;

    public Heartbeat(KafkaClientSettings kafka, Instance<ConsumerLag> lag, Instance<WebPushKey> webPushKey, Clock clock,
                     @ConfigProperty(name = "heartbeat.enabled", defaultValue = "true") boolean enabled,
                     @ConfigProperty(name = "quarkus.application.name") String service) {
        this.kafka = kafka;
        this.lag = lag;
        this.webPushKey = webPushKey;
        this.clock = clock;
        this.enabled = enabled;
        this.service = service;
        String host = System.getenv("HOSTNAME");
        this.instance = host == null || host.isBlank() ? UUID.randomUUID().toString() : host;
    }

    @Scheduled(every = "5s", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void everyFiveSeconds() {
        if (enabled) {
            send();
        }
    }

    /** This instance's heartbeat now, sent without waiting for the broker's answer. */
    public ServiceHeartbeat send() {
        Double behind = lag.isResolvable() ? lag.get().behind().toMillis() / 1000.0 : null;
        String key = webPushKey.isResolvable() ? webPushKey.get().publicKey().orElse(null) : null;
        ServiceHeartbeat beat = new ServiceHeartbeat(service, instance, clock.instant(), behind, key);
        String value = EventJson.write(EventEnvelope.wrap(ServiceHeartbeat.TYPE, service, beat, clock));
        try {
            producer().send(new ProducerRecord<>(Topics.PLATFORM_HEARTBEATS, service, value), (metadata, failed) -> {
                if (failed != null) {
                    Log.debugf("heartbeat not sent: %s", failed.getMessage());
                }
            });
        } catch (RuntimeException failed) {
            Log.debugf("heartbeat not sent: %s", failed.getMessage());
        }
        return beat;
    }

    private synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(kafka.with(Map.of(
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                    ProducerConfig.CLIENT_ID_CONFIG, service + "-heartbeat",
                    // A heartbeat older than its successor is worth nothing: never queue them up behind a dead broker.
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, "2000",
                    ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "4000",
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "5000")));
        }
        return producer;
    }

    @PreDestroy
    synchronized void close() {
        if (producer != null) {
            producer.close(java.time.Duration.ofSeconds(2));
        }
    }
}
