package care.ketamine.platform.kafka;

import io.quarkus.kafka.client.runtime.KafkaRuntimeConfigProducer;
import io.quarkus.runtime.ApplicationConfig;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaClientSettingsTest {

    private static final String LOGIN =
            "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"vitals-service\" password=\"secret\";";

    @Test
    void shouldLetTheClientsOwnSettingsWin() {
        var kafka = new KafkaClientSettings(Map.of("bootstrap.servers", "broker:9093", "acks", "1", "client.id", "shared"));

        assertThat(kafka.with(Map.of("acks", "all", "client.id", "readiness", "max.block.ms", "0"))).isEqualTo(Map.of(
                "bootstrap.servers", "broker:9093",
                "acks", "all",
                "client.id", "readiness",
                "max.block.ms", "0"));
    }

    @Test
    void shouldLeaveTheSharedSettingsAsTheyWereForTheNextClient() {
        var kafka = new KafkaClientSettings(Map.of("bootstrap.servers", "broker:9093", "acks", "1"));

        kafka.with(Map.of("acks", "all"));

        assertThat(kafka.with(Map.of())).isEqualTo(Map.of("bootstrap.servers", "broker:9093", "acks", "1"));
    }

    /**
     * The set a client starts from is the one Quarkus builds for the connector's channels: every kafka.*
     * property, from a file or from the environment as Kubernetes passes it, prefix stripped, nothing else.
     */
    @Test
    void shouldTakeEveryKafkaPropertyPrefixStrippedAndNothingElse() {
        Config config = new SmallRyeConfigBuilder().withSources(
                new PropertiesConfigSource(Map.of(
                        "kafka.bootstrap.servers", "127.0.0.1:9092",
                        "kafka.acks", "1",
                        "vitals.producer.linger.ms", "0",
                        "mp.messaging.outgoing.outbox.acks", "all",
                        "quarkus.kafka.health.enabled", "false"), "application.properties", 250),
                new EnvConfigSource(Map.of(
                        "KAFKA_BOOTSTRAP_SERVERS", "ketamine-kafka-kafka-bootstrap:9093",
                        "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                        "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                        "KAFKA_SASL_JAAS_CONFIG", LOGIN,
                        "KAFKA_SSL_TRUSTSTORE_TYPE", "PEM",
                        "KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/ketamine/kafka-ca/ca.crt",
                        "QUARKUS_MANAGEMENT_HOST", "0.0.0.0"), 300))
                .build();
        var kafka = new KafkaClientSettings(new KafkaRuntimeConfigProducer().createKafkaRuntimeConfig(config, unnamed()));

        assertThat(kafka.with(Map.of("acks", "all"))).isEqualTo(Map.of(
                "bootstrap.servers", "ketamine-kafka-kafka-bootstrap:9093",
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", LOGIN,
                "ssl.truststore.type", "PEM",
                "ssl.truststore.location", "/etc/ketamine/kafka-ca/ca.crt",
                "acks", "all"));
    }

    /** Without an application name Quarkus adds no group.id, which keeps the expected set to kafka.* alone. */
    private static ApplicationConfig unnamed() {
        return new ApplicationConfig() {
            @Override
            public Optional<String> name() {
                return Optional.empty();
            }

            @Override
            public Optional<String> version() {
                return Optional.empty();
            }

            @Override
            public Optional<String> uiHeader() {
                return Optional.empty();
            }
        };
    }
}
