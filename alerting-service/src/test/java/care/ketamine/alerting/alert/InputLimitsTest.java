package care.ketamine.alerting.alert;

import care.ketamine.contracts.security.Roles;
import care.ketamine.testsupport.RealInfrastructure;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static care.ketamine.alerting.alert.AlertAuthorizationTest.as;
import static care.ketamine.alerting.alert.AlertAuthorizationTest.awaitAlert;
import static care.ketamine.alerting.alert.AlertAuthorizationTest.crisis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/** Every free-text field has a maximum in characters and in UTF-8 bytes, and every body one size; over it, nothing is stored. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class InputLimitsTest {

    @Inject
    EntityManager entityManager;

    private long count(String sql, Object parameter) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(sql)
                .setParameter(1, parameter).getSingleResult()).longValue());
    }

    private static String json(String comment) {
        return "{\"comment\": \"" + comment + "\"}";
    }

    @Test
    void shouldRefuseOversizedCommentsAndBodiesAndChangeNothing() {
        String sessionId = "s-" + UUID.randomUUID();
        crisis(sessionId);
        String alertId = awaitAlert(sessionId);
        String tooLong = "a".repeat(2001);
        String tooWide = "\uD83D\uDE91".repeat(1501); // 1501 characters (ambulances), 6004 bytes

        for (String comment : new String[]{tooLong, tooWide}) {
            for (String action : new String[]{"acknowledge", "resolve"}) {
                as("admin-1", Roles.ADMIN).body(json(comment)).post("/alerts/{id}/" + action, alertId).then().statusCode(400)
                        .contentType(startsWith("application/problem+json")).body("violations[0].field", equalTo("comment"));
            }
        }
        as("admin-1", Roles.ADMIN).body(json("x".repeat(70_000))).post("/alerts/{id}/resolve", alertId).then().statusCode(413)
                .contentType(startsWith("application/problem+json"));
        as("admin-1", Roles.ADMIN).get("/alerts/{id}", alertId).then().body("status", equalTo("OPEN"))
                .body("acknowledgement", nullValue()).body("resolution", nullValue());

        // At the limit is fine.
        as("admin-1", Roles.ADMIN).body(json("\u00e9".repeat(2000))).post("/alerts/{id}/acknowledge", alertId).then().statusCode(200);
    }

    @Test
    void shouldRefuseOversizedRosterPolicyAndFilterTextAndStoreNothing() {
        String staff = "nurse-" + UUID.randomUUID();
        Instant now = Instant.now();
        as("admin-1", Roles.ADMIN).body("{\"tier\": 2, \"staffId\": \"%s\", \"from\": \"%s\", \"to\": \"%s\", \"reason\": \"%s\"}"
                        .formatted(staff, now, now.plusSeconds(60), "r".repeat(501)))
                .post("/oncall/overrides").then().statusCode(400).body("violations[0].field", equalTo("reason"));
        as("admin-1", Roles.ADMIN).body("{\"tier\": 2, \"staffId\": \"%s\", \"from\": \"%s\", \"to\": \"%s\", \"reason\": \"x\"}"
                        .formatted("s".repeat(201), now, now.plusSeconds(60)))
                .post("/oncall/overrides").then().statusCode(400).body("violations[0].field", equalTo("staffId"));
        assertThat(count("SELECT count(*) FROM oncall_override WHERE staff_id = ?1", staff)).isZero();

        String rotation = "r-" + UUID.randomUUID();
        as("admin-1", Roles.ADMIN).body("""
                        {"id": "%s", "tier": 2, "members": ["ana", "%s"], "lengthDays": 7, "handoff": "08:00",
                         "timezone": "America/Los_Angeles", "startsOn": "2026-11-02"}""".formatted(rotation, "m".repeat(201)))
                .post("/oncall/rotations").then().statusCode(400).body("violations[0].field", equalTo("members[1]"));
        assertThat(count("SELECT count(*) FROM oncall_rotation WHERE id = ?1", rotation)).isZero();

        String instruction = "i".repeat(501);
        as("admin-1", Roles.ADMIN).body("[{\"number\": 0, \"afterSeconds\": 0, \"target\": \"CLINICIAN\", \"instruction\": \"%s\"}]"
                .formatted(instruction)).put("/escalation-policies/info").then().statusCode(400)
                .body("violations[0].field", equalTo("steps[0].instruction"));
        assertThat(count("SELECT count(*) FROM escalation_policy WHERE steps LIKE ?1", "%" + instruction + "%")).isZero();

        String session = "q".repeat(201);
        as("admin-1", Roles.ADMIN).queryParam("sessionId", session).get("/alerts").then().statusCode(400);
        assertThat(count("SELECT count(*) FROM read_audit WHERE session_id = ?1", session)).isZero();
    }
}
