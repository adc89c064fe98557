package care.ketamine.alerting.alert;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.vitals.ReadingRecorded;
import care.ketamine.contracts.security.Roles;
import care.ketamine.testsupport.ManagementInterface;
import care.ketamine.testsupport.DevTokens;
import care.ketamine.testsupport.EventStreamProbe;
import care.ketamine.testsupport.RealInfrastructure;
import care.ketamine.testsupport.TopicProbe;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class AlertFlowTest {

    @TestHTTPResource("/alerts/stream")
    URI streamUri;

    private final String sessionId = "session-" + UUID.randomUUID();

    private static String readingEvent(String sessionId, int systolic, int diastolic) {
        Instant now = Instant.now();
        ReadingRecorded reading = new ReadingRecorded("r-" + UUID.randomUUID(), sessionId, "device-1", systolic, diastolic,
                88, 97, now.minusSeconds(2), now);
        return EventJson.write(EventEnvelope.wrap(ReadingRecorded.TYPE, sessionId, reading, Clock.systemUTC()));
    }

    private ValidatableResponse openAlertsOfSession() {
        return given().auth().oauth2(DevTokens.forRole(Roles.ADMIN))
                .queryParam("status", "open").queryParam("sessionId", sessionId)
                .when().get("/alerts").then().statusCode(200);
    }

    @Test
    void shouldRaiseOneCriticalBpCrisisAlertAndUpdateItWhileTheCrisisPersists() {
        TopicProbe.send(Topics.VITALS_OBSERVATIONS, sessionId, readingEvent(sessionId, 185, 100));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> openAlertsOfSession()
                .body("size()", equalTo(1))
                .body("[0].rule", equalTo("bp-crisis")).body("[0].severity", equalTo("CRITICAL"))
                .body("[0].latestValue", equalTo("185/100 mm[Hg]")));

        String worse = readingEvent(sessionId, 201, 125);
        TopicProbe.send(Topics.VITALS_OBSERVATIONS, sessionId, worse);
        TopicProbe.send(Topics.VITALS_OBSERVATIONS, sessionId, worse); // a redelivery changes nothing
        TopicProbe.send(Topics.VITALS_OBSERVATIONS, sessionId, readingEvent(sessionId, 120, 80)); // normal: no alert
        TopicProbe.send(Topics.VITALS_OBSERVATIONS, sessionId, readingEvent(sessionId, 183, 95));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> openAlertsOfSession()
                .body("size()", equalTo(1))
                .body("[0].occurrences", equalTo(3))
                .body("[0].firstValue", equalTo("185/100 mm[Hg]"))
                .body("[0].worstValue", equalTo("201/125 mm[Hg]"))
                .body("[0].latestValue", equalTo("183/95 mm[Hg]")));
        ManagementInterface.request().get("/q/metrics").then().statusCode(200)
                .body(containsString("alerts_raised_total{rule=\"bp-crisis\",severity=\"CRITICAL\"}"))
                .body(containsString("alerts_detection_latency_seconds"));
    }

    @Test
    void shouldPushTheAlertOnTheLiveStream() throws Exception {
        try (EventStreamProbe stream = EventStreamProbe.open(streamUri, DevTokens.forRole(Roles.ADMIN))) {
            TopicProbe.send(Topics.VITALS_OBSERVATIONS, sessionId, readingEvent(sessionId, 192, 124));

            assertThat(stream.awaitData(sessionId, Duration.ofSeconds(10)))
                    .contains("\"rule\":\"bp-crisis\"").contains("\"status\":\"OPEN\"").contains("192/124 mm[Hg]");
        }
    }

    @Test
    void shouldParkAPoisonRecordOnTheDeadLetterTopicAndKeepEvaluating() {
        TopicProbe.send(Topics.VITALS_OBSERVATIONS, sessionId, "{\"type\": \"reading.recorded\", \"about\": \"" + sessionId + "\"}");
        TopicProbe.send(Topics.VITALS_OBSERVATIONS, sessionId, readingEvent(sessionId, 190, 100));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> openAlertsOfSession().body("size()", equalTo(1)));
        ConsumerRecord<String, String> parked = TopicProbe.awaitRecords(Topics.deadLetter(Topics.VITALS_OBSERVATIONS),
                r -> r.value().contains(sessionId) && r.headers().lastHeader("dead-letter-reason") != null,
                Duration.ofSeconds(10)).get(0);
        assertThat(new String(parked.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8))
                .contains("unsupported schemaVersion");
    }

    @Test
    void shouldRefuseCallersWhoAreNotStaffAndUnknownStatuses() {
        given().when().get("/alerts").then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(DevTokens.forSession(Roles.PATIENT_DEVICE, sessionId))
                .when().get("/alerts").then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(DevTokens.forAudiences("device-x", Roles.PATIENT_DEVICE, sessionId, java.util.List.of("alerting-service")))
                .when().get("/alerts").then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(DevTokens.forRole(Roles.INTAKE))
                .when().get("/alerts/stream").then().statusCode(403);
        given().auth().oauth2(DevTokens.forRole(Roles.ON_CALL)).queryParam("status", "closed")
                .when().get("/alerts").then().statusCode(400).contentType("application/problem+json")
                .body("violations[0].field", equalTo("status"));
    }

}
