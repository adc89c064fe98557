package care.ketamine.testsupport;

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
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void shouldBeReadyWithItsDatabaseAndTheBrokerChecked() {
        ManagementInterface.request().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Database connections health check", "Kafka broker"));
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
}
