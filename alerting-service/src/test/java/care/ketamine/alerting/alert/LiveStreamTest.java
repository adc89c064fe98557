package care.ketamine.alerting.alert;

import care.ketamine.alerting.session.WatchedSession;
import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.security.Roles;
import care.ketamine.contracts.vitals.ReadingRecorded;
import care.ketamine.testsupport.DevTokens;
import care.ketamine.testsupport.EventStreamProbe;
import care.ketamine.testsupport.LifecycleProbe;
import care.ketamine.testsupport.RealInfrastructure;
import care.ketamine.testsupport.TopicProbe;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** /alerts/stream and /notifications/stream within the platform's stream limits, fed by ids, audited. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class LiveStreamTest {

    @TestHTTPResource("/alerts/stream")
    URI alerts;
    @TestHTTPResource("/notifications/stream")
    URI notifications;
    @Inject
    EntityManager entityManager;

    @Test
    void shouldRefuseAPersonsSixthOpenStreamWith429() throws Exception {
        String token = DevTokens.sign("oncall-" + UUID.randomUUID(), Roles.ON_CALL, null, Duration.ofHours(1));
        List<EventStreamProbe> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                open.add(EventStreamProbe.open(alerts, token));
            }
            open.add(EventStreamProbe.open(notifications, token));
            open.add(EventStreamProbe.open(notifications, token)); // five: live.streams.per-user, both streams together
            given().auth().oauth2(token).get("/alerts/stream").then().statusCode(429)
                    .contentType("application/problem+json").header("Retry-After", equalTo("15"));
            given().auth().oauth2(token).get("/notifications/stream").then().statusCode(429);
        } finally {
            for (EventStreamProbe probe : open) {
                probe.close();
            }
        }
    }

    @Test
    void shouldEndBothStreamsWhenTheTokenExpires() throws Exception {
        String token = DevTokens.sign("oncall-" + UUID.randomUUID(), Roles.ON_CALL, null, Duration.ofSeconds(3));
        Instant opened = Instant.now();
        try (EventStreamProbe alertStream = EventStreamProbe.open(alerts, token);
             EventStreamProbe notificationStream = EventStreamProbe.open(notifications, token)) {
            assertThat(alertStream.endsWithin(Duration.ofSeconds(10))).as("alerts stream ended").isTrue();
            assertThat(Duration.between(opened, Instant.now())).as("not before the token expired").isGreaterThan(Duration.ofMillis(1500));
            assertThat(notificationStream.endsWithin(Duration.ofSeconds(5))).as("notifications stream ended").isTrue();
        }
    }

    @Test
    void shouldStreamAnAlertWithTheLongestCommentsAndAuditEveryPush() throws Exception {
        String clinician = "dr-" + UUID.randomUUID();
        String sessionId = "s-" + UUID.randomUUID();
        LifecycleProbe.changed(sessionId, "CHECKED_IN", Instant.now().minusSeconds(60), clinician, "test");
        await().atMost(Duration.ofSeconds(10)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> WatchedSession.findById(sessionId)) != null);
        String token = DevTokens.sign(clinician, Roles.CLINICIAN, null, Duration.ofHours(1));
        try (EventStreamProbe alertStream = EventStreamProbe.open(alerts, token);
             EventStreamProbe notificationStream = EventStreamProbe.open(notifications, token)) {
            Instant now = Instant.now();
            TopicProbe.send(Topics.VITALS_OBSERVATIONS, sessionId, EventJson.write(EventEnvelope.wrap(ReadingRecorded.TYPE, sessionId,
                    new ReadingRecorded("r-" + UUID.randomUUID(), sessionId, "device-1", 195, 125, 80, 97, now.minusSeconds(1), now),
                    Clock.systemUTC())));
            assertThat(alertStream.awaitData(sessionId, Duration.ofSeconds(15))).contains("\"status\":\"OPEN\"");
            assertThat(notificationStream.awaitData(sessionId, Duration.ofSeconds(15))).contains("\"kind\":\"PAGE\"");
            String alertId = given().auth().oauth2(token).queryParam("sessionId", sessionId).get("/alerts")
                    .then().statusCode(200).extract().path("[0].id");

            // 2,000 characters of three bytes each, twice: the alert as JSON is far over NOTIFY's 8,000 bytes.
            String longest = "€".repeat(AlertActions.COMMENT.maxCharacters());
            given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"comment\": \"" + longest + "\"}")
                    .post("/alerts/{id}/acknowledge", alertId).then().statusCode(200);
            given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"comment\": \"" + longest + "\"}")
                    .post("/alerts/{id}/resolve", alertId).then().statusCode(200);
            assertThat(alertStream.awaitData("\"status\":\"RESOLVED\"", Duration.ofSeconds(10))).contains(alertId).contains(longest);

            // Who was sent which alert over which stream, written in batches.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(audited(clinician))
                    .contains("alerts.stream.pushed:" + alertId, "notifications.stream.pushed:" + alertId));
        }
    }

    @SuppressWarnings("unchecked")
    private List<String> audited(String actor) {
        return QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                        "SELECT action FROM read_audit WHERE actor = ?1 AND actor_role = ?2")
                .setParameter(1, actor).setParameter(2, Roles.CLINICIAN).getResultList());
    }
}
