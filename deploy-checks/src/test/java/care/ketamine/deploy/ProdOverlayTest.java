package care.ketamine.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The prod overlay as `kubectl apply -k deploy/k8s/overlays/prod` would send it, against the services' code and configuration. */
class ProdOverlayTest {

    private final Manifests prod = ProdOverlay.RENDERED;

    @Test
    void shouldDeclareAKafkaTopicForEveryTopicAndDeadLetterTopicAndNoOther() {
        assertThat(ProdOverlay.topicsInUse()).contains("vitals.observations", "sessions.device-keys.dlq");
        assertThat(OverlayChecks.topics(prod, ProdOverlay.topicsInUse())).isEmpty();
    }

    @Test
    void shouldGiveEveryTopicThePartitionsOfTopicsJava() {
        assertThat(prod.ofKind("KafkaTopic")).hasSize(ProdOverlay.topicsInUse().size());
        assertThat(OverlayChecks.partitions(prod)).isEmpty();
    }

    @Test
    void shouldScaleNoServicePastThePartitionsItReads() {
        assertThat(prod.ofKind("HorizontalPodAutoscaler")).hasSize(ProdOverlay.SERVICES.size());
        assertThat(OverlayChecks.autoscalers(prod, ProdOverlay.channels())).isEmpty();
    }

    @Test
    void shouldGiveEveryDeploymentThreeProbesLimitsAndANonRootReadOnlyContainer() {
        assertThat(prod.ofKind("Deployment").map(Manifests::name)).containsExactlyInAnyOrderElementsOf(ProdOverlay.SERVICES);
        assertThat(OverlayChecks.deployments(prod)).isEmpty();
    }

    @Test
    void shouldNameOnlySecretsThatTheOperatorsMakeOrTheReadmeHasCreated() {
        assertThat(ProdOverlay.secretsTheReadmeLists()).contains("ketamine-db-intake", "jwt-signing-key");
        assertThat(OverlayChecks.secrets(prod, ProdOverlay.secretsTheReadmeLists())).isEmpty();
    }

    @Test
    void shouldSetOnlyPropertiesTheServicesRead() {
        assertThat(OverlayChecks.configuration(prod, ProdOverlay::configurationOf)).isEmpty();
    }

    @Test
    void shouldAllowEachServiceTheTopicsAndGroupsOfItsChannels() {
        assertThat(OverlayChecks.kafkaUsers(prod, ProdOverlay.channels())).isEmpty();
    }

    @Test
    void shouldReachKafkaOverTlsWithScramAndPostgresWithVerifiedCertificates() {
        JsonNode platform = prod.ofKind("ConfigMap").filter(c -> Manifests.name(c).startsWith("platform-config-")).findFirst()
                .orElseThrow().path("data");
        assertThat(platform.path("KAFKA_SECURITY_PROTOCOL").asText()).isEqualTo("SASL_SSL");
        assertThat(platform.path("KAFKA_SASL_MECHANISM").asText()).isEqualTo("SCRAM-SHA-512");
        assertThat(prod.ofKind("Kafka").findFirst().orElseThrow().path("spec").path("kafka").path("listeners"))
                .allSatisfy(l -> assertThat(l.path("tls").asBoolean()).isTrue());
        for (String service : ProdOverlay.SERVICES) {
            JsonNode config = prod.ofKind("ConfigMap").filter(c -> Manifests.name(c).startsWith(service + "-config-")).findFirst()
                    .orElseThrow().path("data");
            assertThat(config.path("QUARKUS_DATASOURCE_JDBC_URL").asText()).as(service).contains("sslmode=verify-full");
        }
    }
}
