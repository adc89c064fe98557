package care.ketamine.vitals.kafka;

import care.ketamine.testsupport.ManagementInterface;
import care.ketamine.testsupport.RealInfrastructure;
import care.ketamine.vitals.ingest.ObservationPublisher;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The kafka.* settings a deployment gives the service (here TLS and SCRAM, as in Kubernetes) reach the
 * clients made by hand, not only the connector's channels: the readiness check's admin client and the
 * reading producer. The test broker speaks plain text, so with them neither can reach it.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
@TestProfile(BrokerSecuritySettingsTest.TlsAndScram.class)
class BrokerSecuritySettingsTest {

    public static class TlsAndScram implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "kafka.security.protocol", "SASL_SSL",
                    "kafka.sasl.mechanism", "SCRAM-SHA-512",
                    "kafka.sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"vitals-service\" password=\"not-checked\";",
                    "kafka.metric.reporters", ClientSettingsRecorder.class.getName(),
                    // Every attempt fails on both ends, as this test intends; their warnings would only bury its result.
                    "quarkus.log.category.\"org.apache.kafka.common.network.Selector\".level", "ERROR",
                    "quarkus.log.category.\"org.apache.kafka.clients.NetworkClient\".level", "ERROR");
        }
    }

    @Inject
    ObservationPublisher publisher;

    @Test
    void shouldGiveTheReadinessCheckTheServicesKafkaSecuritySettings() {
        JsonPath ready = ManagementInterface.request().get("/q/health/ready").then().statusCode(503).extract().jsonPath();

        assertThat(ready.getString("checks.find { it.name == 'Kafka broker' }.status")).isEqualTo("DOWN");
        assertThat(ready.getString("checks.find { it.name == 'Kafka broker' }.data['security.protocol']")).isEqualTo("SASL_SSL");
        assertThat(ready.getString("checks.find { it.name == 'Database connections health check' }.status")).isEqualTo("UP");
        assertThat(ClientSettingsRecorder.created()).filteredOn(settings -> "readiness".equals(settings.get("client.id")))
                .isNotEmpty()
                .allSatisfy(settings -> assertThat(settings)
                        .containsEntry("security.protocol", "SASL_SSL")
                        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                        .containsEntry("request.timeout.ms", 2000));
    }

    @Test
    void shouldGiveTheReadingProducerTheServicesKafkaSecuritySettingsUnderItsOwn() {
        String weekMs = String.valueOf(Duration.ofDays(7).toMillis());
        assertThat(ClientSettingsRecorder.created()).filteredOn(settings -> weekMs.equals(settings.get("metadata.max.idle.ms")))
                .singleElement()
                .satisfies(settings -> assertThat(settings)
                        .containsEntry("security.protocol", "SASL_SSL")
                        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                        .containsEntry("acks", "all")
                        .containsEntry("enable.idempotence", "true")
                        .containsEntry("max.block.ms", "0")
                        .containsEntry("linger.ms", "0"));
        // With the plain-text broker up, only the TLS setting keeps it from learning the topic.
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(7)).until(() -> !publisher.knowsTopic());
    }
}
