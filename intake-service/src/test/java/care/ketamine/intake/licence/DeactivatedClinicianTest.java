package care.ketamine.intake.licence;

import care.ketamine.contracts.security.Roles;
import care.ketamine.testsupport.ClinicianProbe;
import care.ketamine.testsupport.DevTokens;
import care.ketamine.testsupport.RealInfrastructure;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A clinician deactivated at session-service loses access here, every endpoint, until reactivated. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class DeactivatedClinicianTest {

    private static final Duration WITHIN_A_MINUTE = Duration.ofSeconds(45);

    @Test
    void shouldRefuseADeactivatedClinicianUntilReactivated() {
        String clinician = "dr-" + UUID.randomUUID();
        String token = DevTokens.sign(clinician, Roles.CLINICIAN, null, Duration.ofHours(1));
        String activation = ClinicianProbe.updated(clinician, true, Instant.now().minusSeconds(60));
        await().atMost(WITHIN_A_MINUTE).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                given().auth().oauth2(token).get("/urgent-reviews").then().statusCode(200));

        String deactivation = ClinicianProbe.updated(clinician, false, Instant.now().minusSeconds(30));

        await().atMost(WITHIN_A_MINUTE).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                given().auth().oauth2(token).get("/urgent-reviews").then().statusCode(401)
                        .contentType("application/problem+json"));
        // Not only where a licence is asked for: every endpoint.
        given().auth().oauth2(token).get("/patients/{id}", UUID.randomUUID()).then().statusCode(401);

        // The deactivation again, the older activation again (same event id), and unreadable records: no change.
        ClinicianProbe.again(clinician, deactivation);
        ClinicianProbe.again(clinician, activation);
        ClinicianProbe.unreadableRecordsDeadLettered(clinician, WITHIN_A_MINUTE);
        given().auth().oauth2(token).get("/urgent-reviews").then().statusCode(401);
        assertThat(QuarkusTransaction.requiringNew().call(() -> ClinicianLicence.<ClinicianLicence>findById(clinician).active))
                .isFalse();

        ClinicianProbe.updated(clinician, true, Instant.now());
        await().atMost(WITHIN_A_MINUTE).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                given().auth().oauth2(token).get("/urgent-reviews").then().statusCode(200));
    }

    @Test
    void shouldRefuseAClinicianAnotherReplicaRecordedAsDeactivatedAtTheNextReload() {
        String clinician = "dr-" + UUID.randomUUID();
        String token = DevTokens.sign(clinician, Roles.CLINICIAN, null, Duration.ofHours(1));
        ClinicianProbe.updated(clinician, true, Instant.now().minusSeconds(60));
        await().atMost(WITHIN_A_MINUTE).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                given().auth().oauth2(token).get("/urgent-reviews").then().statusCode(200));

        // Another replica consumed the event: this one only sees the row.
        QuarkusTransaction.requiringNew().run(() -> ClinicianLicence.update("active = false where clinicianId = ?1", clinician));

        await().atMost(WITHIN_A_MINUTE).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                given().auth().oauth2(token).get("/urgent-reviews").then().statusCode(401));
    }
}
