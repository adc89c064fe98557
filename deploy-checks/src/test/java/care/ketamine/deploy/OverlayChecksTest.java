package care.ketamine.deploy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** Each check fails on a copy of the prod overlay with one thing wrong, and names it. */
class OverlayChecksTest {

    private final Manifests broken = ProdOverlay.RENDERED.copy();

    private ObjectNode first(String kind, String name) {
        return broken.ofKind(kind).filter(o -> Manifests.name(o).startsWith(name)).findFirst().orElseThrow();
    }

    private ObjectNode container(String deployment) {
        return (ObjectNode) first("Deployment", deployment).path("spec").path("template").path("spec").path("containers").get(0);
    }

    @Test
    void shouldMissATopicThatHasNoKafkaTopicAndRefuseOneNobodyUses() {
        first("KafkaTopic", "alerts-commands-dlq").with("spec").put("topicName", "alerts.command.dlq");

        assertThat(OverlayChecks.topics(broken, ProdOverlay.topicsInUse())).containsExactly(
                "no KafkaTopic for alerts.commands.dlq", "KafkaTopic alerts.command.dlq is no topic the services use");
    }

    @Test
    void shouldFindATopicWhosePartitionsDifferFromTopicsJava() {
        first("KafkaTopic", "vitals-observations").with("spec").put("partitions", 3);

        assertThat(OverlayChecks.partitions(broken)).containsExactly(
                "KafkaTopic vitals.observations has 3 partitions, Topics.java 12");
    }

    @Test
    void shouldFindAnAutoscalerPastThePartitionsOfItsTopics() {
        first("HorizontalPodAutoscaler", "alerting-service").with("spec").put("maxReplicas", 13);

        assertThat(OverlayChecks.autoscalers(broken, ProdOverlay.channels())).containsExactly(
                "HorizontalPodAutoscaler alerting-service scales to 13 replicas; its topics have at most 12 partitions");
    }

    @Test
    void shouldMissAProbeALimitAndNonRoot() {
        ObjectNode vitals = container("vitals-service");
        vitals.remove("readinessProbe");
        vitals.with("resources").with("limits").remove("memory");
        vitals.with("securityContext").put("runAsNonRoot", false);

        assertThat(OverlayChecks.deployments(broken)).containsExactly(
                "Deployment vitals-service container vitals-service has no readinessProbe",
                "Deployment vitals-service container vitals-service has no memory limit",
                "Deployment vitals-service container vitals-service may run as root (runAsNonRoot)");
    }

    @Test
    void shouldMissASecretNothingCreates() {
        ArrayNode env = container("intake-service").withArray("env");
        env.addObject().put("name", "QUARKUS_DATASOURCE_PASSWORD").with("valueFrom").with("secretKeyRef")
                .put("name", "intake-db-password").put("key", "password");

        assertThat(OverlayChecks.secrets(broken, ProdOverlay.secretsTheReadmeLists())).containsExactly(
                "Deployment intake-service names Secret intake-db-password, which nothing creates and deploy/k8s/README.md does not list");
        Set<String> readmeWithoutJwt = new TreeSet<>(ProdOverlay.secretsTheReadmeLists());
        readmeWithoutJwt.remove("jwt-signing-key");
        assertThat(OverlayChecks.secrets(ProdOverlay.RENDERED, readmeWithoutJwt)).singleElement().asString()
                .contains("jwt-signing-key");
    }

    @Test
    void shouldMissAPropertyNoServiceReads() {
        first("ConfigMap", "alerting-service-config-").with("data").put("QUARKUS_DATASOURCE_JDBC_URI", "jdbc:postgresql://x/alerting");
        // A session-service setting is none of intake's.
        container("intake-service").withArray("env").addObject().put("name", "SESSIONS_DEVICE_TOKEN_MARGIN").put("value", "PT1H");

        assertThat(OverlayChecks.configuration(broken, ProdOverlay::configurationOf)).containsExactlyInAnyOrder(
                "Deployment intake-service sets SESSIONS_DEVICE_TOKEN_MARGIN, which sets no property intake-service reads",
                "Deployment alerting-service sets QUARKUS_DATASOURCE_JDBC_URI, which sets no property alerting-service reads");
    }

    @Test
    void shouldMissAnAclAChannelNeeds() {
        ArrayNode acls = first("KafkaUser", "alerting-service").with("spec").with("authorization").withArray("acls");
        for (int i = acls.size() - 1; i >= 0; i--) {
            if (acls.get(i).path("resource").path("name").asText().equals("alerting-rules")) {
                acls.remove(i);
            }
        }

        assertThat(OverlayChecks.kafkaUsers(broken, ProdOverlay.channels())).containsExactly(
                "KafkaUser alerting-service lacks group literal alerting-rules Read");
    }
}
