package care.ketamine.alerting.clinician;

import care.ketamine.contracts.security.Roles;
import care.ketamine.testsupport.ClinicianProbe;
import care.ketamine.testsupport.DevTokens;
import care.ketamine.testsupport.EventStreamProbe;
import care.ketamine.testsupport.RealInfrastructure;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A clinician deactivated at session-service loses access here, streams included, until reactivated. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class DeactivatedClinicianTest {

    private static final Duration WITHIN_A_MINUTE = Duration.ofSeconds(45);

    @TestHTTPResource("/alerts/stream")
    URI alerts;
    @TestHTTPResource("/notifications/stream")
    URI notifications;
    @Inject
    EntityManager entityManager;

    @Test
    void shouldRefuseADeactivatedClinicianAndCloseTheirStreamsUntilReactivated() throws Exception {
        String clinician = "dr-" + UUID.randomUUID();
        String token = DevTokens.sign(clinician, Roles.CLINICIAN, null, Duration.ofHours(1));
        Instant hired = Instant.now().minusSeconds(60);
        String activation = ClinicianProbe.updated(clinician, true, hired);
        given().auth().oauth2(token).get("/alerts").then().statusCode(200);

        try (EventStreamProbe alertStream = EventStreamProbe.open(alerts, token);
             EventStreamProbe notificationStream = EventStreamProbe.open(notifications, token)) {
            Instant left = Instant.now().minusSeconds(30);
            String deactivation = ClinicianProbe.updated(clinician, false, left);

            await().atMost(WITHIN_A_MINUTE).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                    given().auth().oauth2(token).get("/alerts").then().statusCode(401).contentType("application/problem+json"));
            assertThat(alertStream.endsWithin(WITHIN_A_MINUTE)).as("alert stream closed").isTrue();
            assertThat(notificationStream.endsWithin(WITHIN_A_MINUTE)).as("notification stream closed").isTrue();
            given().auth().oauth2(token).get("/alerts/stream").then().statusCode(401);

            // The deactivation again, the older activation again (same event id), and unreadable records: no change.
            ClinicianProbe.again(clinician, deactivation);
            ClinicianProbe.again(clinician, activation);
            ClinicianProbe.unreadableRecordsDeadLettered(clinician, WITHIN_A_MINUTE);
            given().auth().oauth2(token).get("/alerts").then().statusCode(401);
            assertThat(recordedActive(clinician)).isFalse();

            ClinicianProbe.updated(clinician, true, Instant.now());
            await().atMost(WITHIN_A_MINUTE).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                    given().auth().oauth2(token).get("/alerts").then().statusCode(200));
            try (EventStreamProbe again = EventStreamProbe.open(alerts, token)) {
                assertThat(again.endsWithin(Duration.ofMillis(500))).as("a new stream stays open").isFalse();
            }
        }
    }

    @Test
    void shouldRefuseAClinicianAnotherReplicaRecordedAsDeactivatedAtTheNextReload() {
        String clinician = "dr-" + UUID.randomUUID();
        String token = DevTokens.sign(clinician, Roles.CLINICIAN, null, Duration.ofHours(1));
        given().auth().oauth2(token).get("/alerts").then().statusCode(200);

        // Another replica consumed the event: this one only sees the row.
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                        "INSERT INTO clinician_activity (clinician_id, active, updated_at) VALUES (?1, false, now())")
                .setParameter(1, clinician).executeUpdate());

        await().atMost(WITHIN_A_MINUTE).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                given().auth().oauth2(token).get("/alerts").then().statusCode(401));
    }

    private boolean recordedActive(String clinician) {
        return QuarkusTransaction.requiringNew().call(() -> (Boolean) entityManager.createNativeQuery(
                "SELECT active FROM clinician_activity WHERE clinician_id = ?1").setParameter(1, clinician).getSingleResult());
    }
}
