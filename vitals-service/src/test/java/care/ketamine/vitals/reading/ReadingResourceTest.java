package care.ketamine.vitals.reading;

import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.vitals.ReadingRecorded;
import care.ketamine.contracts.security.Roles;
import care.ketamine.testsupport.ManagementInterface;
import care.ketamine.testsupport.DevTokens;
import care.ketamine.testsupport.LifecycleProbe;
import care.ketamine.vitals.session.SessionActivity;
import io.quarkus.narayana.jta.QuarkusTransaction;
import org.junit.jupiter.api.BeforeEach;
import care.ketamine.testsupport.RealInfrastructure;
import care.ketamine.testsupport.TestInfrastructure;
import care.ketamine.testsupport.TopicProbe;
import care.ketamine.vitals.projection.ReadingHistory;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
@WithTestResource(RealInfrastructure.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReadingResourceTest {

    @Inject
    ReadingHistory history;

    private final String sessionId = UUID.randomUUID().toString();

    /** Every test's session is checked in ten minutes ago, as session-service would publish it. */
    @BeforeEach
    void checkedInSession() {
        checkIn(sessionId);
    }

    private static void checkIn(String session) {
        LifecycleProbe.state(session, "CHECKED_IN", Instant.now().minus(Duration.ofMinutes(10)));
        awaitState(session, "CHECKED_IN");
    }

    private static void awaitState(String session, String state) {
        await().atMost(Duration.ofSeconds(10)).until(() -> QuarkusTransaction.requiringNew().call(() -> {
            SessionActivity activity = SessionActivity.findById(session);
            return activity != null && state.equals(activity.state);
        }));
    }

    private static String reading(String readingId, int systolic, int diastolic) {
        return """
                {"readingId": "%s", "systolic": %d, "diastolic": %d, "heartRate": 88, "spo2": 97, "measuredAt": "%s"}"""
                .formatted(readingId, systolic, diastolic, Instant.now().minusSeconds(3));
    }

    private RequestSpecification asDevice(String session) {
        return given().auth().oauth2(DevTokens.forSession(Roles.PATIENT_DEVICE, session)).contentType(ContentType.JSON);
    }

    @Test
    void shouldAnswer202OnlyWithTheReadingOnTheBrokerKeyedBySession() {
        String eventId = asDevice(sessionId).body(reading("r-1", 192, 124))
                .when().post("/sessions/{id}/readings", sessionId)
                .then().statusCode(202)
                .body("sessionId", equalTo(sessionId)).body("readingId", equalTo("r-1")).body("eventId", notNullValue())
                .extract().path("eventId");

        List<ConsumerRecord<String, String>> records = TopicProbe.awaitRecords(Topics.VITALS_OBSERVATIONS,
                r -> r.value().contains(eventId), Duration.ofSeconds(10));
        assertThat(records).hasSize(1);
        assertThat(records.get(0).key()).isEqualTo(sessionId);
        ReadingRecorded recorded = EventJson.read(records.get(0).value(), ReadingRecorded.TYPE).payload();
        assertThat(recorded.systolic()).isEqualTo(192);
        assertThat(recorded.diastolic()).isEqualTo(124);
        assertThat(recorded.sessionId()).isEqualTo(sessionId);

        await().atMost(Duration.ofSeconds(10)).until(() -> history.countForSession(sessionId) == 1);
        ManagementInterface.request().get("/q/metrics").then().statusCode(200)
                .body(containsString("vitals_readings_accepted_total"))
                .body(containsString("vitals_broker_ack_seconds"))
                .body(containsString("vitals_ingest_latency_seconds"))
                .body(containsString("vitals_projection_delay_seconds"))
                .body(containsString("kafka_consumer_fetch_manager_records_lag_max"));
    }

    @Test
    void shouldRejectImplausibleReadingsWithEveryRuleAndRecordNothing() {
        asDevice(sessionId).body(reading("r-bad", 80, 95))
                .when().post("/sessions/{id}/readings", sessionId)
                .then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("violations.field", hasItems("systolic"))
                .body("violations.rule", hasItems("must exceed diastolic"));

        asDevice(sessionId).body("{\"systolic\": 300}")
                .when().post("/sessions/{id}/readings", sessionId)
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", hasItems("readingId", "systolic", "diastolic", "measuredAt"));

        // A NUL in the id: PostgreSQL cannot store it, so it must be refused here, not fail the request (a 500).
        asDevice(sessionId).body(reading("r-nul", 120, 80).replace("\"r-nul\"", "\"r-\\u0000\""))
                .when().post("/sessions/{id}/readings", sessionId)
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", hasItems("readingId"))
                .body("violations.rule", hasItems("must not contain control characters"));

        // A good reading after the bad ones, on the same partition: once it is stored, the bad ones would be too.
        asDevice(sessionId).body(reading("r-good", 120, 80)).post("/sessions/{id}/readings", sessionId)
                .then().statusCode(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> history.countForSession(sessionId) == 1);
    }

    @Test
    void shouldRejectMalformedJsonAndWrongTypesAsProblems() {
        asDevice(sessionId).body("{\"readingId\": \"r-1\", \"systolic\": ")
                .when().post("/sessions/{id}/readings", sessionId)
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", equalTo("The request body is not valid JSON"));

        asDevice(sessionId).body(reading("r-1", 120, 80).replace("\"systolic\": 120", "\"systolic\": \"high\""))
                .when().post("/sessions/{id}/readings", sessionId)
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations[0].field", equalTo("systolic"));

        asDevice(sessionId).body(reading("r-1", 120, 80).replace("Z\"", "not-a-time\""))
                .when().post("/sessions/{id}/readings", sessionId)
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations[0].field", equalTo("measuredAt"));
    }

    @Test
    void shouldRefuseCallersThatAreNotThisSessionsDevice() {
        given().contentType(ContentType.JSON).body(reading("r-1", 120, 80))
                .when().post("/sessions/{id}/readings", sessionId)
                .then().statusCode(401).contentType("application/problem+json");

        given().auth().oauth2("not.a.token").contentType(ContentType.JSON).body(reading("r-1", 120, 80))
                .when().post("/sessions/{id}/readings", sessionId)
                .then().statusCode(401).contentType("application/problem+json");

        given().auth().oauth2(DevTokens.sign("device-1", Roles.PATIENT_DEVICE, sessionId, Duration.ofMinutes(-5)))
                .contentType(ContentType.JSON).body(reading("r-1", 120, 80))
                .when().post("/sessions/{id}/readings", sessionId)
                .then().statusCode(401);

        given().auth().oauth2(DevTokens.forRole(Roles.CLINICIAN)).contentType(ContentType.JSON).body(reading("r-1", 120, 80))
                .when().post("/sessions/{id}/readings", sessionId)
                .then().statusCode(403).contentType("application/problem+json");

        asDevice(UUID.randomUUID().toString()).body(reading("r-1", 120, 80))
                .when().post("/sessions/{id}/readings", sessionId)
                .then().statusCode(403).contentType("application/problem+json")
                .body("detail", containsString("another session"));

        assertThat(history.countForSession(sessionId)).isZero();
    }

    @Test
    void shouldStoreARedeliveredEventOnceAndParkAPoisonRecordWithItsReason() {
        String eventId = asDevice(sessionId).body(reading("r-1", 130, 85))
                .post("/sessions/{id}/readings", sessionId).then().statusCode(202).extract().path("eventId");
        String event = TopicProbe.awaitRecords(Topics.VITALS_OBSERVATIONS, r -> r.value().contains(eventId),
                Duration.ofSeconds(10)).get(0).value();

        TopicProbe.send(Topics.VITALS_OBSERVATIONS, sessionId, event);
        TopicProbe.send(Topics.VITALS_OBSERVATIONS, sessionId, "{\"poison\": \"" + sessionId + "\"}");
        asDevice(sessionId).body(reading("r-2", 131, 86)).post("/sessions/{id}/readings", sessionId).then().statusCode(202);

        await().atMost(Duration.ofSeconds(10)).until(() -> history.countForSession(sessionId) == 2);
        ConsumerRecord<String, String> parked = TopicProbe.awaitRecords(Topics.deadLetter(Topics.VITALS_OBSERVATIONS),
                r -> r.value().contains(sessionId), Duration.ofSeconds(10)).get(0);
        assertThat(new String(parked.headers().lastHeader("dead-letter-reason").value())).isEqualTo("event has no type");
    }


    @Test
    void shouldAnswerAReplayWithTheOriginalResultWithoutSendingItAgain() {
        String body = reading("r-replayed", 184, 96);
        String first = asDevice(sessionId).body(body).post("/sessions/{id}/readings", sessionId)
                .then().statusCode(202).extract().path("eventId");
        asDevice(sessionId).body(body).post("/sessions/{id}/readings", sessionId)
                .then().statusCode(200).body("eventId", equalTo(first)).body("readingId", equalTo("r-replayed"));
        asDevice(sessionId).body(body.replace("184", "185")).post("/sessions/{id}/readings", sessionId)
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("already used with other values"));
        String next = asDevice(sessionId).body(reading("r-next", 120, 80)).post("/sessions/{id}/readings", sessionId)
                .then().statusCode(202).extract().path("eventId");

        await().atMost(Duration.ofSeconds(10)).until(() -> history.countForSession(sessionId) == 2);
        // r-next is behind the replays on the session's partition: once it is there, they would be too.
        List<ConsumerRecord<String, String>> onTopic = TopicProbe.awaitRecords(Topics.VITALS_OBSERVATIONS,
                r -> sessionId.equals(r.key()), Duration.ofSeconds(10));
        assertThat(onTopic).extracting(r -> EventJson.read(r.value(), ReadingRecorded.TYPE).eventId().toString())
                .containsExactly(first, next);
        ManagementInterface.request().get("/q/metrics").then().statusCode(200)
                .body(containsString("vitals_readings_replayed_total"))
                .body(containsString("vitals_readings_rejected_total{reason=\"conflict\"}"));
    }

    @Test
    void shouldRefuseReadingsForSessionsThatAreNotActiveAndFromRevokedDevices() {
        String scheduled = UUID.randomUUID().toString();
        LifecycleProbe.state(scheduled, "SCHEDULED", Instant.now());
        awaitState(scheduled, "SCHEDULED");
        asDevice(scheduled).body(reading("r-1", 120, 80)).post("/sessions/{id}/readings", scheduled)
                .then().statusCode(409).contentType("application/problem+json").body("detail", containsString("SCHEDULED"));
        String unknown = UUID.randomUUID().toString();
        asDevice(unknown).body(reading("r-1", 120, 80)).post("/sessions/{id}/readings", unknown)
                .then().statusCode(409).body("detail", containsString("not checked in"));

        asDevice(sessionId).body(reading("r-early", 120, 80).replaceFirst("\"measuredAt\": \"[^\"]+\"",
                        "\"measuredAt\": \"" + Instant.now().minus(Duration.ofMinutes(30)) + "\""))
                .post("/sessions/{id}/readings", sessionId)
                .then().statusCode(400).body("violations[0].rule", equalTo("must not be before the session's check-in"));

        String device = UUID.randomUUID().toString();
        String paired = DevTokens.forDevice(Roles.PATIENT_DEVICE, sessionId, device);
        given().auth().oauth2(paired).contentType(ContentType.JSON).body(reading("r-ok", 120, 80))
                .post("/sessions/{id}/readings", sessionId).then().statusCode(202);
        LifecycleProbe.deviceRevoked(sessionId, device, Instant.now());
        await().atMost(Duration.ofSeconds(10)).until(() -> given().auth().oauth2(paired).contentType(ContentType.JSON)
                .body(reading("r-revoked", 120, 80)).post("/sessions/{id}/readings", sessionId).statusCode() == 403);

        LifecycleProbe.state(sessionId, "COMPLETED", Instant.now());
        awaitState(sessionId, "COMPLETED");
        asDevice(sessionId).body(reading("r-late", 120, 80))
                .post("/sessions/{id}/readings", sessionId).then().statusCode(409).body("detail", containsString("COMPLETED"));
        await().atMost(Duration.ofSeconds(10)).until(() -> history.countForSession(sessionId) == 1);
        assertThat(history.countForSession(scheduled)).isZero();
        assertThat(history.countForSession(unknown)).isZero();
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void shouldAnswer503WithRetryAfterWhenTheBrokerDoesNotAcknowledgeInTime() {
        TestInfrastructure infrastructure = TestInfrastructure.shared();
        infrastructure.stopKafka();
        try {
            long started = System.nanoTime();
            asDevice(sessionId).body(reading("r-1", 120, 80))
                    .when().post("/sessions/{id}/readings", sessionId)
                    .then().statusCode(503).contentType("application/problem+json")
                    .header("Retry-After", equalTo("5"))
                    .body("detail", containsString("send it again with the same id"));
            Duration answeredIn = Duration.ofNanos(System.nanoTime() - started);
            System.out.printf("vitals test: 503 answered in %d ms with the broker down%n", answeredIn.toMillis());
            // The broker-ack timeout is 2 s; the rest is the request itself.
            assertThat(answeredIn).isLessThan(Duration.ofMillis(2_800));

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    ManagementInterface.request().get("/q/health/ready").then().statusCode(503));
        } finally {
            infrastructure.startKafka();
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                ManagementInterface.request().get("/q/health/ready").then().statusCode(200));
        // Ingest recovers in the same service instance, without a restart.
        await().atMost(Duration.ofSeconds(30)).until(() -> asDevice(sessionId).body(reading("r-after", 120, 80))
                .post("/sessions/{id}/readings", sessionId).statusCode() == 202);
        await().atMost(Duration.ofSeconds(10)).until(() -> history.countForSession(sessionId) >= 1);
    }
}
