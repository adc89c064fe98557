package care.ketamine.testsupport;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What every service promises an operator: readiness that covers its database and the broker, and
 * Prometheus metrics, both without a token on the management interface only (not on the public port);
 * OpenAPI and Swagger UI on the public port. A service's {@code @QuarkusTest} extends this and names a
 * path its OpenAPI must document.
 */
public abstract class ServicePlatformContract {

    /** A path this service's OpenAPI document must contain, or null when it has no API yet. */
    protected abstract String documentedPath();

    /** A GET path that {@link #refusedRole()} may not call: a token in that role gets 403. */
    protected abstract String refusedPath();

    /** A staff role that {@link #refusedPath()} refuses. */
    protected abstract String refusedRole();

    @Test
    void shouldCountRefusalsForAnOperatorToSee() {
        double forbiddenBefore = refusals("403");
        double unauthenticatedBefore = refusals("401");
        given().auth().oauth2(DevTokens.forRole(refusedRole())).when().get(refusedPath()).then().statusCode(403)
                .contentType(containsString("application/problem+json"));
        given().auth().oauth2("not-a-token").when().get(refusedPath()).then().statusCode(401);
        org.junit.jupiter.api.Assertions.assertEquals(forbiddenBefore + 1, refusals("403"), "403s counted");
        org.junit.jupiter.api.Assertions.assertTrue(refusals("401") >= unauthenticatedBefore + 1, "401s counted");
    }

    private static double refusals(String status) {
        String metrics = ManagementInterface.request().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(line -> line.startsWith("security_refusals_total{") && line.contains("status=\"" + status + "\""))
                .mapToDouble(MetricLine::value).sum();
    }

    @Test
    void shouldBeReadyWithItsDatabaseAndTheBrokerChecked() {
        ManagementInterface.request().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Database connections health check", "Kafka broker"));
    }

    /**
     * A consumer holds its record for as long as the database is down; the connector must not close it for that
     * (its default closes a consumer whose record is unacknowledged for 60 s, silencing the service until restarted).
     */
    @Test
    void shouldLetEveryConsumerWaitOutADatabaseOutageOfAnyLength() {
        Config config = ConfigProvider.getConfig();
        String connectorWide = "mp.messaging.connector.smallrye-kafka.throttled.unprocessed-record-max-age.ms";
        List<String> channels = new ArrayList<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith("mp.messaging.incoming.") && name.endsWith(".connector")
                    && "smallrye-kafka".equals(config.getOptionalValue(name, String.class).orElse(null))) {
                String channel = name.substring("mp.messaging.incoming.".length(), name.length() - ".connector".length());
                channels.add(channel);
                int maxAge = config.getOptionalValue("mp.messaging.incoming." + channel
                                + ".throttled.unprocessed-record-max-age.ms", Integer.class)
                        .or(() -> config.getOptionalValue(connectorWide, Integer.class)).orElse(60_000);
                org.junit.jupiter.api.Assertions.assertTrue(maxAge <= 0,
                        channel + " would be closed after " + maxAge + " ms on one record");
            }
        }
        org.junit.jupiter.api.Assertions.assertFalse(channels.isEmpty(), "the service's Kafka consumers");
    }

    @Test
    void shouldServePrometheusMetricsWithoutAToken() {
        ManagementInterface.request().get("/q/metrics").then().statusCode(200)
                .body(containsString("jvm_memory_used_bytes"))
                .body(containsString("agroal_active_count"));
    }

    @Test
    void shouldNotServeHealthOrMetricsOnThePublicPort() {
        for (String path : new String[] {"/q/health", "/q/health/ready", "/q/health/live", "/q/metrics"}) {
            given().when().get(path).then().statusCode(404);
        }
    }

    @Test
    void shouldDocumentItsApiInOpenApiAndSwaggerUi() {
        var openapi = given().when().get("/q/openapi?format=json").then().statusCode(200)
                .body("components.securitySchemes.jwt.scheme", equalTo("bearer"))
                .body("components.securitySchemes.jwt.bearerFormat", equalTo("JWT"));
        if (documentedPath() != null) {
            openapi.body(containsString(documentedPath()));
        }
        given().when().get("/q/swagger-ui/").then().statusCode(200);
    }

    /** What generated clients and the lint in CI (docs/api/lint) rely on: an id and a security requirement each. */
    @Test
    @SuppressWarnings("unchecked")
    void shouldGiveEveryOperationAnIdAndASecurityRequirement() {
        Map<String, Object> api = given().when().get("/q/openapi?format=json").then().statusCode(200)
                .body("servers[0].url", equalTo("/")).extract().jsonPath().getMap("$");
        Set<String> methods = Set.of("get", "put", "post", "delete", "patch", "head", "options");
        List<String> wanting = new ArrayList<>();
        ((Map<String, Map<String, Object>>) api.get("paths")).forEach((path, item) -> item.forEach((method, operation) -> {
            if (!methods.contains(method)) {
                return;
            }
            Map<String, Object> op = (Map<String, Object>) operation;
            if (op.get("operationId") == null) {
                wanting.add(method + " " + path + ": no operationId");
            }
            if (!(op.get("security") instanceof List<?> security) || security.isEmpty()) {
                wanting.add(method + " " + path + ": no security requirement");
            }
        }));
        assertEquals(List.of(), wanting);
    }

    /**
     * Refusals as service-platform's ProblemResponses declares them: one Problem schema in components, every 4xx and
     * 5xx application/problem+json referring to it (never an inline copy) and no success so; 401 and 403 on every
     * operation that takes a bearer token and on no other (a provider's signed webhook declares its own); 413 on every
     * operation with a body, 400 on every one with a JSON body.
     */
    @Test
    @SuppressWarnings("unchecked")
    void shouldAnswerEveryRefusalWithTheOneProblemSchema() {
        Map<String, Object> api = given().when().get("/q/openapi?format=json").then().statusCode(200)
                .extract().jsonPath().getMap("$");
        Map<String, Object> components = (Map<String, Object>) api.get("components");
        Map<String, Map<String, Object>> schemas = (Map<String, Map<String, Object>>) components.get("schemas");
        Map<String, Map<String, Object>> shared =
                (Map<String, Map<String, Object>>) components.getOrDefault("responses", Map.of());
        Map<String, Map<String, Object>> schemes = (Map<String, Map<String, Object>>) components.get("securitySchemes");
        Set<String> bearer = new java.util.HashSet<>();
        schemes.forEach((name, scheme) -> {
            if ("http".equals(scheme.get("type")) && "bearer".equalsIgnoreCase(String.valueOf(scheme.get("scheme")))) {
                bearer.add(name);
            }
        });
        List<String> wanting = new ArrayList<>();
        if (!schemas.containsKey("Problem")) {
            wanting.add("components.schemas: no Problem");
        }
        schemas.forEach((name, schema) -> {
            Object properties = schema.get("properties");
            if (!"Problem".equals(name) && properties instanceof Map<?, ?> members
                    && members.keySet().containsAll(Set.of("type", "title", "status", "detail"))) {
                wanting.add("components.schemas." + name + ": a second problem schema");
            }
        });
        Set<String> methods = Set.of("get", "put", "post", "delete", "patch", "head", "options");
        ((Map<String, Map<String, Object>>) api.get("paths")).forEach((path, item) -> item.forEach((method, operation) -> {
            if (!methods.contains(method)) {
                return;
            }
            String where = method + " " + path;
            Map<String, Object> op = (Map<String, Object>) operation;
            Map<String, Map<String, Object>> responses = (Map<String, Map<String, Object>>) op.get("responses");
            boolean takesToken = ((List<Map<String, Object>>) op.getOrDefault("security", List.of())).stream()
                    .anyMatch(requirement -> requirement.keySet().stream().anyMatch(bearer::contains));
            for (String status : List.of("401", "403")) {
                Map<String, Object> response = responses.get(status);
                if (takesToken && response == null) {
                    wanting.add(where + ": no " + status + " (it takes a bearer token)");
                } else if (!takesToken && response != null && response.containsKey("$ref")) {
                    wanting.add(where + ": the bearer token's " + status + " (it takes no bearer token)");
                }
            }
            if (op.get("requestBody") instanceof Map<?, ?> body) {
                if (!responses.containsKey("413")) {
                    wanting.add(where + ": no 413 (it takes a body)");
                }
                if (body.get("content") instanceof Map<?, ?> types
                        && types.keySet().stream().anyMatch(type -> String.valueOf(type).startsWith("application/json"))
                        && !responses.containsKey("400")) {
                    wanting.add(where + ": no 400 (it takes JSON)");
                }
            }
            responses.forEach((status, declared) -> {
                Map<String, Object> response = declared;
                if (declared.get("$ref") instanceof String ref) {
                    response = shared.get(ref.substring(ref.lastIndexOf('/') + 1));
                    if (response == null || !ref.startsWith("#/components/responses/")) {
                        wanting.add(where + " " + status + ": refers to " + ref + ", which is not declared");
                        return;
                    }
                }
                Map<String, Map<String, Object>> content =
                        (Map<String, Map<String, Object>>) response.getOrDefault("content", Map.of());
                if (status.startsWith("4") || status.startsWith("5")) {
                    if (!content.keySet().equals(Set.of("application/problem+json"))) {
                        wanting.add(where + " " + status + ": " + content.keySet() + ", not application/problem+json");
                    } else if (!Map.of("$ref", "#/components/schemas/Problem")
                            .equals(content.get("application/problem+json").get("schema"))) {
                        wanting.add(where + " " + status + ": a problem schema of its own, not #/components/schemas/Problem");
                    }
                } else if (content.containsKey("application/problem+json")) {
                    wanting.add(where + " " + status + ": a success as application/problem+json");
                }
            });
        }));
        assertEquals(List.of(), wanting);
    }
}
