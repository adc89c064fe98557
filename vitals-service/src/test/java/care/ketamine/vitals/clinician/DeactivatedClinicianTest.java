package care.ketamine.vitals.clinician;

import care.ketamine.contracts.security.Roles;
import care.ketamine.testsupport.ClinicianProbe;
import care.ketamine.testsupport.DevTokens;
import care.ketamine.testsupport.EventStreamProbe;
import care.ketamine.testsupport.LifecycleProbe;
import care.ketamine.testsupport.RealInfrastructure;
import care.ketamine.vitals.session.SessionActivity;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A clinician deactivated at session-service loses access here, the live stream included, until reactivated. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class DeactivatedClinicianTest {

    private static final Duration WITHIN_A_MINUTE = Duration.ofSeconds(45);

    @TestHTTPResource("/sessions")
    URL sessions;
    @Inject
    EntityManager entityManager;

    @Test
    void shouldRefuseADeactivatedClinicianAndCloseTheirStreamUntilReactivated() throws Exception {
        String clinician = "dr-" + UUID.randomUUID();
        String session = sessionOf(clinician);
        String token = DevTokens.sign(clinician, Roles.CLINICIAN, null, Duration.ofHours(1));
        String activation = ClinicianProbe.updated(clinician, true, Instant.now().minusSeconds(60));
        given().auth().oauth2(token).get("/sessions/{id}/observations", session).then().statusCode(200);

        try (EventStreamProbe stream = EventStreamProbe.open(streamOf(session), token)) {
            String deactivation = ClinicianProbe.updated(clinician, false, Instant.now().minusSeconds(30));

            await().atMost(WITHIN_A_MINUTE).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                    given().auth().oauth2(token).get("/sessions/{id}/observations", session)
                            .then().statusCode(401).contentType("application/problem+json"));
            assertThat(stream.endsWithin(WITHIN_A_MINUTE)).as("observation stream closed").isTrue();
            given().auth().oauth2(token).get("/sessions/{id}/observations/stream", session).then().statusCode(401);

            // The deactivation again, the older activation again, and unreadable records: no change.
            ClinicianProbe.again(clinician, deactivation);
            ClinicianProbe.again(clinician, activation);
            ClinicianProbe.unreadableRecordsDeadLettered(clinician, WITHIN_A_MINUTE);
            given().auth().oauth2(token).get("/sessions/{id}/observations", session).then().statusCode(401);
            assertThat(recordedActive(clinician)).isFalse();

            ClinicianProbe.updated(clinician, true, Instant.now());
            await().atMost(WITHIN_A_MINUTE).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                    given().auth().oauth2(token).get("/sessions/{id}/observations", session).then().statusCode(200));
            try (EventStreamProbe again = EventStreamProbe.open(streamOf(session), token)) {
                assertThat(again.endsWithin(Duration.ofMillis(500))).as("a new stream stays open").isFalse();
            }
        }
    }

    @Test
    void shouldRefuseAClinicianAnotherReplicaRecordedAsDeactivatedAtTheNextReload() {
        String clinician = "dr-" + UUID.randomUUID();
        String session = sessionOf(clinician);
        String token = DevTokens.sign(clinician, Roles.CLINICIAN, null, Duration.ofHours(1));
        given().auth().oauth2(token).get("/sessions/{id}/observations", session).then().statusCode(200);

        // Another replica consumed the event: this one only sees the row.
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                        "INSERT INTO clinician_activity (clinician_id, active, updated_at) VALUES (?1, false, now())")
                .setParameter(1, clinician).executeUpdate());

        await().atMost(WITHIN_A_MINUTE).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                given().auth().oauth2(token).get("/sessions/{id}/observations", session).then().statusCode(401));
    }

    /** A session checked in ten minutes ago with the clinician as its clinician, once vitals knows it. */
    private static String sessionOf(String clinician) {
        String session = UUID.randomUUID().toString();
        LifecycleProbe.changed(session, "CHECKED_IN", Instant.now().minus(Duration.ofMinutes(10)), clinician, "test");
        await().atMost(Duration.ofSeconds(10)).until(() -> QuarkusTransaction.requiringNew().call(() -> {
            SessionActivity activity = SessionActivity.findById(session);
            return activity != null && clinician.equals(activity.clinicianId);
        }));
        return session;
    }

    private URI streamOf(String session) {
        return URI.create(sessions + "/" + session + "/observations/stream");
    }

    private boolean recordedActive(String clinician) {
        return QuarkusTransaction.requiringNew().call(() -> (Boolean) entityManager.createNativeQuery(
                "SELECT active FROM clinician_activity WHERE clinician_id = ?1").setParameter(1, clinician).getSingleResult());
    }
}
