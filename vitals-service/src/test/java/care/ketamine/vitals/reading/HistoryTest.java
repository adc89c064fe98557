package care.ketamine.vitals.reading;

import care.ketamine.contracts.security.Roles;
import care.ketamine.testsupport.DevTokens;
import care.ketamine.testsupport.LifecycleProbe;
import care.ketamine.testsupport.RealInfrastructure;
import care.ketamine.vitals.projection.ReadingHistory;
import care.ketamine.vitals.session.SessionActivity;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class HistoryTest {

    @Inject
    ReadingHistory history;

    @Inject
    EntityManager entityManager;

    @Test
    void shouldGiveTheSessionsClinicianItsReadingsInTheWindowAndAuditTheRead() {
        String sessionId = UUID.randomUUID().toString();
        Instant checkedIn = Instant.now().minus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.SECONDS);
        LifecycleProbe.state(sessionId, "CHECKED_IN", checkedIn);
        await().atMost(Duration.ofSeconds(10)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> SessionActivity.findById(sessionId)) != null);
        String device = DevTokens.forSession(Roles.PATIENT_DEVICE, sessionId);
        for (int minutes : new int[]{20, 10, 5}) {
            given().auth().oauth2(device).contentType(ContentType.JSON)
                    .body("{\"readingId\": \"r-%d\", \"systolic\": %d, \"diastolic\": 80, \"measuredAt\": \"%s\"}"
                            .formatted(minutes, 120 + minutes, checkedIn.plus(Duration.ofMinutes(30 - minutes))))
                    .post("/sessions/{id}/readings", sessionId).then().statusCode(202);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> history.countForSession(sessionId) == 3);
        String clinician = DevTokens.sign("dr-1", Roles.CLINICIAN, null, Duration.ofHours(1));

        given().auth().oauth2(clinician).get("/sessions/{id}/observations", sessionId).then().statusCode(200)
                .body("readings.readingId", equalTo(java.util.List.of("r-20", "r-10", "r-5"))).body("checkIns.size()", equalTo(0));
        given().auth().oauth2(clinician)
                .queryParam("from", checkedIn.plus(Duration.ofMinutes(15)).toString())
                .queryParam("to", checkedIn.plus(Duration.ofMinutes(25)).toString())
                .get("/sessions/{id}/observations", sessionId).then().statusCode(200)
                .body("readings.readingId", equalTo(java.util.List.of("r-10"))).body("readings[0].systolic", equalTo(130));

        long audited = QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                "SELECT count(*) FROM read_audit WHERE session_id = ?1 AND actor = 'dr-1' AND actor_role = 'clinician'")
                .setParameter(1, sessionId).getSingleResult()).longValue());
        assertThat(audited).isEqualTo(2);
    }

    @Test
    void shouldRefuseOtherCliniciansBadWindowsAndUnknownSessions() {
        String sessionId = UUID.randomUUID().toString();
        LifecycleProbe.state(sessionId, "CHECKED_IN", Instant.now());
        await().atMost(Duration.ofSeconds(10)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> SessionActivity.findById(sessionId)) != null);

        given().auth().oauth2(DevTokens.sign("dr-2", Roles.CLINICIAN, null, Duration.ofHours(1)))
                .get("/sessions/{id}/observations", sessionId).then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(DevTokens.forSession(Roles.PATIENT_DEVICE, sessionId))
                .get("/sessions/{id}/observations", sessionId).then().statusCode(403);
        given().get("/sessions/{id}/observations", sessionId).then().statusCode(401);
        given().auth().oauth2(DevTokens.forRole(Roles.ADMIN)).queryParam("from", "yesterday")
                .get("/sessions/{id}/observations", sessionId).then().statusCode(400)
                .body("violations[0].field", equalTo("from"));
        given().auth().oauth2(DevTokens.forRole(Roles.ADMIN))
                .queryParam("from", "2026-11-26T16:00:00Z").queryParam("to", "2026-11-26T15:00:00Z")
                .get("/sessions/{id}/observations", sessionId).then().statusCode(400);
        given().auth().oauth2(DevTokens.forRole(Roles.ADMIN)).get("/sessions/{id}/observations", UUID.randomUUID())
                .then().statusCode(404);
        given().auth().oauth2(DevTokens.forRole(Roles.ADMIN)).get("/sessions/{id}/observations", sessionId)
                .then().statusCode(200).body("readings.size()", equalTo(0));
        given().auth().oauth2(DevTokens.forRole(Roles.ADMIN)).queryParam("_format", "xml")
                .get("/sessions/{id}/observations", sessionId).then().statusCode(400).body("violations[0].field", equalTo("_format"));
    }
}
