package care.ketamine.platform.kafka;

import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Singleton;

import java.util.HashMap;
import java.util.Map;

/**
 * What a Kafka client made by hand starts from: every {@code kafka.*} property of the service, prefix
 * stripped ({@code kafka.security.protocol} and {@code KAFKA_SECURITY_PROTOCOL} both become
 * {@code security.protocol}), the same set the Kafka connector gives its channels. A deployment's TLS and
 * SASL settings so reach the readiness check and vitals' own producer too, not only the channels.
 *
 * <p>Quarkus builds that set once ({@code default-kafka-broker}); reading it here rather than the
 * configuration keeps the two from drifting apart, environment variables included.
 */
@Singleton
public class KafkaClientSettings {

    private final Map<String, Object> broker;

    public KafkaClientSettings(@Identifier("default-kafka-broker") Map<String, Object> broker) {
        this.broker = Map.copyOf(broker);
    }

    /** The service's {@code kafka.*} settings with the client's own on top: where both name a setting, the client's wins. */
    public Map<String, Object> with(Map<String, ?> own) {
        Map<String, Object> settings = new HashMap<>(broker);
        settings.putAll(own);
        return settings;
    }
}
