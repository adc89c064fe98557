package care.ketamine.session.pipeline;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.platform.ServiceHeartbeat;
import care.ketamine.contracts.security.Roles;
import care.ketamine.platform.heartbeat.Heartbeat;
import care.ketamine.testsupport.DevTokens;
import care.ketamine.testsupport.RealInfrastructure;
import care.ketamine.testsupport.SettableClock;
import care.ketamine.testsupport.TopicProbe;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Heartbeats over the real broker into the console's pipeline banner, on the service's clock moved by the test:
 * vitals and alerting heard, no banner; quiet for 30 s, a banner naming each since its last heartbeat; alerting
 * over 10 s behind, a banner saying so. Only staff may read it.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class PipelineBannerTest {

    @Inject
    EntityManager entityManager;

    @Inject
    Heartbeat heartbeat;

    @BeforeEach
    void noHeartbeatsYet() {
        SettableClock.reset();
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("DELETE FROM pipeline_heartbeat").executeUpdate());
    }

    @AfterEach
    void realTime() {
        SettableClock.reset();
    }

    private static RequestSpecification console(String role) {
        return given().cookie("console_token", DevTokens.forConsole("staff-" + role, role)).header("X-Console-Request", "1");
    }

    private static JsonPath pipeline() {
        return console(Roles.CLINICIAN).get("/console/api/pipeline").then().statusCode(200).extract().jsonPath();
    }

    /** A heartbeat of the service sent now on the service's clock, awaited until heard. */
    private void beat(String service, String instance, Double lagSeconds) {
        Instant at = SettableClock.now();
        ServiceHeartbeat beat = new ServiceHeartbeat(service, instance, at, lagSeconds);
        TopicProbe.send(Topics.PLATFORM_HEARTBEATS, service,
                EventJson.write(EventEnvelope.wrap(ServiceHeartbeat.TYPE, service, beat, Clock.systemUTC())));
        await().atMost(Duration.ofSeconds(10)).until(() -> heardAt(service, instance) != null
                && !heardAt(service, instance).isBefore(at.truncatedTo(java.time.temporal.ChronoUnit.MILLIS)));
    }

    private Instant heardAt(String service, String instance) {
        List<?> found = QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                        "SELECT heard_at FROM pipeline_heartbeat WHERE service = ?1 AND instance = ?2")
                .setParameter(1, service).setParameter(2, instance).getResultList());
        return found.isEmpty() ? null : care.ketamine.platform.sql.SqlValues.instant(found.get(0));
    }

    @Test
    void shouldShowNoBannerWhileHeardAndNameEachServiceQuietFor30Seconds() {
        String instance = "pod-" + UUID.randomUUID();
        beat("vitals-service", instance, null);
        beat("alerting-service", instance, 0.4);
        assertThat(pipeline().getList("warnings")).isEmpty();

        SettableClock.advance(Duration.ofSeconds(20));
        beat("vitals-service", instance, null);
        SettableClock.advance(Duration.ofSeconds(12));
        JsonPath quiet = pipeline();
        assertThat(quiet.getList("warnings.service")).as("alerting 32 s quiet, vitals 12 s").containsExactly("alerting-service");
        assertThat(quiet.getString("warnings[0].problem")).isEqualTo("SILENT");
        assertThat(quiet.getString("warnings[0].message")).startsWith("Alerting has not been heard from since ")
                .contains("alarms may not reach you; call the on-call engineer");

        SettableClock.advance(Duration.ofSeconds(20));
        assertThat(pipeline().getList("warnings.service")).containsExactly("vitals-service", "alerting-service");

        beat("vitals-service", instance, null);
        beat("alerting-service", instance, 1.0);
        assertThat(pipeline().getList("warnings")).as("heard again").isEmpty();
    }

    @Test
    void shouldShowABannerWhileAlertingIsMoreThan10SecondsBehindTheReadings() {
        String instance = "pod-" + UUID.randomUUID();
        beat("vitals-service", instance, null);
        beat("alerting-service", instance, 9.5);
        assertThat(pipeline().getList("warnings")).isEmpty();

        SettableClock.advance(Duration.ofSeconds(5));
        beat("vitals-service", instance, null);
        beat("alerting-service", instance, 12.0);
        Instant behindSince = heardAt("alerting-service", instance);
        SettableClock.advance(Duration.ofSeconds(5));
        beat("alerting-service", instance, 14.0);
        JsonPath behind = pipeline();
        assertThat(behind.getList("warnings.problem")).containsExactly("BEHIND");
        assertThat(Instant.parse(behind.getString("warnings[0].since"))).as("since it first went over").isEqualTo(behindSince);
        assertThat(behind.getString("warnings[0].message")).startsWith("Alerting is 14 s behind the readings since ");

        beat("alerting-service", instance, 2.0);
        assertThat(pipeline().getList("warnings")).as("caught up").isEmpty();
    }

    @Test
    void shouldCarryThisServicesOwnHeartbeatOverTheTopic() {
        ServiceHeartbeat sent = heartbeat.send();
        assertThat(sent.service()).isEqualTo("session-service");
        await().atMost(Duration.ofSeconds(10)).until(() -> heardAt("session-service", sent.instance()) != null);
    }

    @Test
    void shouldLetOnlyStaffReadThePipeline() {
        for (String role : List.of(Roles.CLINICIAN, Roles.ON_CALL, Roles.ADMIN)) {
            console(role).get("/console/api/pipeline").then().statusCode(200);
        }
        for (String role : List.of(Roles.SCHEDULER, Roles.PATIENT_DEVICE, Roles.SITTER, Roles.INTAKE)) {
            console(role).get("/console/api/pipeline").then().statusCode(403);
        }
        given().header("X-Console-Request", "1").get("/console/api/pipeline").then().statusCode(401);
    }
}
