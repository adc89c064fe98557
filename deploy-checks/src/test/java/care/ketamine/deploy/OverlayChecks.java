package care.ketamine.deploy;

import care.ketamine.contracts.Topics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/** What a rendered overlay must satisfy; each check returns its problems, one sentence each, none when it holds. */
final class OverlayChecks {

    private OverlayChecks() {
    }

    /** The KafkaTopics' topic names are exactly the expected ones (Topics.java and the dead-letter topics). */
    static List<String> topics(Manifests manifests, Set<String> expected) {
        Set<String> declared = new TreeSet<>();
        manifests.ofKind("KafkaTopic").forEach(t -> declared.add(t.path("spec").path("topicName").asText(Manifests.name(t))));
        List<String> problems = new ArrayList<>();
        new TreeSet<>(expected).stream().filter(t -> !declared.contains(t)).forEach(t -> problems.add("no KafkaTopic for " + t));
        declared.stream().filter(t -> !expected.contains(t)).forEach(t -> problems.add("KafkaTopic " + t + " is no topic the services use"));
        return problems;
    }

    /** Every KafkaTopic has the partitions Topics.java gives its topic (the local broker creates them so too). */
    static List<String> partitions(Manifests manifests) {
        List<String> problems = new ArrayList<>();
        manifests.ofKind("KafkaTopic").forEach(t -> {
            String topic = t.path("spec").path("topicName").asText(Manifests.name(t));
            int declared = t.path("spec").path("partitions").asInt(-1);
            try {
                int expected = Topics.partitions(topic);
                if (declared != expected) {
                    problems.add("KafkaTopic " + topic + " has " + declared + " partitions, Topics.java " + expected);
                }
            } catch (IllegalArgumentException notOurs) {
                // topics(...) names a topic nobody uses
            }
        });
        return problems;
    }

    /**
     * No autoscaler scales its service past the partitions of the busiest topic the service reads: a replica
     * beyond them is assigned no partition, so it adds cost and rebalances but no throughput.
     */
    static List<String> autoscalers(Manifests manifests, List<KafkaChannels> channels) {
        List<String> problems = new ArrayList<>();
        manifests.ofKind("HorizontalPodAutoscaler").forEach(hpa -> {
            String service = hpa.path("spec").path("scaleTargetRef").path("name").asText();
            int most = channels.stream().filter(c -> c.service().equals(service)).flatMap(c -> c.reads().stream())
                    .mapToInt(Topics::partitions).max().orElse(Integer.MAX_VALUE);
            int maxReplicas = hpa.path("spec").path("maxReplicas").asInt();
            if (maxReplicas > most) {
                problems.add("HorizontalPodAutoscaler " + Manifests.name(hpa) + " scales to " + maxReplicas
                        + " replicas; its topics have at most " + most + " partitions");
            }
        });
        return problems;
    }

    /** Every container of every Deployment has the three probes, CPU and memory limits, and runs as non-root. */
    static List<String> deployments(Manifests manifests) {
        List<String> problems = new ArrayList<>();
        manifests.ofKind("Deployment").forEach(deployment -> {
            JsonNode pod = deployment.path("spec").path("template").path("spec");
            boolean podNonRoot = pod.path("securityContext").path("runAsNonRoot").asBoolean(false);
            for (JsonNode container : pod.path("containers")) {
                String where = "Deployment " + Manifests.name(deployment) + " container " + container.path("name").asText();
                for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                    if (!container.hasNonNull(probe)) {
                        problems.add(where + " has no " + probe);
                    }
                }
                for (String limit : List.of("cpu", "memory")) {
                    if (!container.path("resources").path("limits").hasNonNull(limit)) {
                        problems.add(where + " has no " + limit + " limit");
                    }
                }
                JsonNode security = container.path("securityContext");
                if (!security.path("runAsNonRoot").asBoolean(podNonRoot)) {
                    problems.add(where + " may run as root (runAsNonRoot)");
                }
                if (!security.path("readOnlyRootFilesystem").asBoolean(false)) {
                    problems.add(where + " has a writable root filesystem");
                }
            }
        });
        return problems;
    }

    /** Every Secret named anywhere is one the overlay holds, an operator makes, or the README has the engineer create. */
    static List<String> secrets(Manifests manifests, Set<String> createdBeforehand) {
        Set<String> known = new TreeSet<>(createdBeforehand);
        manifests.ofKind("Secret").forEach(s -> known.add(Manifests.name(s)));
        // Strimzi: a Secret per KafkaUser (its credentials) and the cluster CA's certificate.
        manifests.ofKind("KafkaUser").forEach(u -> known.add(Manifests.name(u)));
        manifests.ofKind("Kafka").forEach(k -> known.addAll(List.of(Manifests.name(k) + "-cluster-ca-cert", Manifests.name(k) + "-clients-ca-cert")));
        // CloudNativePG: the CA, the server certificate and the bootstrap owner's and superuser's credentials.
        manifests.ofKind("Cluster").forEach(c -> {
            for (String suffix : List.of("-ca", "-server", "-app", "-superuser", "-replication")) {
                known.add(Manifests.name(c) + suffix);
            }
        });
        List<String> problems = new ArrayList<>();
        for (ObjectNode object : manifests.objects()) {
            for (String secret : secretsNamedIn(object)) {
                if (!known.contains(secret)) {
                    problems.add(object.path("kind").asText() + " " + Manifests.name(object) + " names Secret " + secret
                            + ", which nothing creates and deploy/k8s/README.md does not list");
                }
            }
        }
        return problems;
    }

    /**
     * Every environment variable a service's container gets (its ConfigMaps' keys and its own env) sets a
     * property that service reads.
     */
    static List<String> configuration(Manifests manifests, Function<String, ServiceConfiguration> services) {
        Map<String, JsonNode> configMaps = new HashMap<>();
        manifests.ofKind("ConfigMap").forEach(c -> configMaps.put(Manifests.name(c), c.path("data")));
        List<String> problems = new ArrayList<>();
        manifests.ofKind("Deployment").forEach(deployment -> {
            ServiceConfiguration service = services.apply(Manifests.name(deployment));
            for (JsonNode container : deployment.path("spec").path("template").path("spec").path("containers")) {
                List<String> variables = new ArrayList<>();
                for (JsonNode source : container.path("envFrom")) {
                    String configMap = source.path("configMapRef").path("name").asText(null);
                    if (configMap == null) {
                        continue;
                    }
                    if (!configMaps.containsKey(configMap)) {
                        problems.add("Deployment " + Manifests.name(deployment) + " reads ConfigMap " + configMap + ", which the overlay lacks");
                        continue;
                    }
                    configMaps.get(configMap).fieldNames().forEachRemaining(variables::add);
                }
                container.path("env").forEach(e -> variables.add(e.path("name").asText()));
                variables.stream().filter(v -> !service.reads(v)).forEach(v -> problems.add("Deployment "
                        + Manifests.name(deployment) + " sets " + v + ", which sets no property " + service.service() + " reads"));
            }
        });
        return problems;
    }

    /** Each service's KafkaUser allows what its channels do: Read on the topics and groups it consumes, Write where it parks or sends. */
    static List<String> kafkaUsers(Manifests manifests, List<KafkaChannels> services) {
        List<String> problems = new ArrayList<>();
        for (KafkaChannels service : services) {
            var user = manifests.ofKind("KafkaUser").filter(u -> Manifests.name(u).equals(service.service())).findFirst();
            if (user.isEmpty()) {
                problems.add("no KafkaUser " + service.service());
                continue;
            }
            Set<String> allowed = new TreeSet<>();
            for (JsonNode acl : user.get().path("spec").path("authorization").path("acls")) {
                JsonNode resource = acl.path("resource");
                for (JsonNode operation : acl.path("operations")) {
                    allowed.add(resource.path("type").asText() + " " + resource.path("patternType").asText("literal") + " "
                            + resource.path("name").asText() + " " + operation.asText());
                }
            }
            service.reads().forEach(t -> require(problems, allowed, service, "topic literal " + t + " Read"));
            service.writes().forEach(t -> require(problems, allowed, service, "topic literal " + t + " Write"));
            service.groups().forEach(g -> require(problems, allowed, service, "group literal " + g + " Read"));
            service.groupPrefixes().forEach(g -> require(problems, allowed, service, "group prefix " + g + " Read"));
        }
        return problems;
    }

    private static void require(List<String> problems, Set<String> allowed, KafkaChannels service, String acl) {
        if (!allowed.contains(acl)) {
            problems.add("KafkaUser " + service.service() + " lacks " + acl);
        }
    }

    private static Set<String> secretsNamedIn(JsonNode node) {
        Set<String> names = new TreeSet<>();
        collectSecrets(node, names);
        return names;
    }

    private static final Set<String> SECRET_REFERENCES = Set.of("secretKeyRef", "secretRef", "passwordSecret",
            "superuserSecret", "accessKeyId", "secretAccessKey");

    private static void collectSecrets(JsonNode node, Set<String> names) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (SECRET_REFERENCES.contains(field.getKey()) && field.getValue().hasNonNull("name")) {
                    names.add(field.getValue().path("name").asText());
                } else if ("secretName".equals(field.getKey()) && field.getValue().isTextual()) {
                    names.add(field.getValue().asText());
                }
                collectSecrets(field.getValue(), names);
            }
        } else if (node.isArray()) {
            node.forEach(element -> collectSecrets(element, names));
        }
    }
}
