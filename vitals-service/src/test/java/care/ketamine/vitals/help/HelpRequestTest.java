package care.ketamine.vitals.help;

import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.security.Roles;
import care.ketamine.contracts.vitals.HelpRequested;
import care.ketamine.testsupport.DevTokens;
import care.ketamine.testsupport.LifecycleProbe;
import care.ketamine.testsupport.RealInfrastructure;
import care.ketamine.testsupport.TopicProbe;
import care.ketamine.contracts.vitals.ObservationKinds;
import care.ketamine.vitals.session.RevokedDevice;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Inject;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import static care.ketamine.vitals.SessionFixture.asDevice;
import static care.ketamine.vitals.SessionFixture.asSitter;
import static care.ketamine.vitals.SessionFixture.awaitState;
import static care.ketamine.vitals.SessionFixture.checkedIn;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/** "I need help" from the patient's and the sitter's app: on the topic once, in the session's order; nothing else gets past. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class HelpRequestTest {

    @Inject
    AgroalDataSource database;

    static String help(String helpId, Instant askedAt, String note) {
        return """
                {"helpId": "%s", "askedAt": "%s", "note": %s}"""
                .formatted(helpId, askedAt, note == null ? "null" : "\"" + note + "\"");
    }

    static String help(String helpId) {
        return help(helpId, Instant.now().minusSeconds(2), "dizzy and scared");
    }

    private static List<HelpRequested> onTopic(String session, String sentinelEventId) {
        List<ConsumerRecord<String, String>> records = TopicProbe.awaitRecords(Topics.VITALS_OBSERVATIONS,
                r -> session.equals(r.key()) && r.value().contains(sentinelEventId), Duration.ofSeconds(10));
        assertThat(records).isNotEmpty();
        return TopicProbe.awaitRecords(Topics.VITALS_OBSERVATIONS, r -> session.equals(r.key())
                        && HelpRequested.TYPE.name().equals(EventJson.typeOf(r.value())), Duration.ofSeconds(10)).stream()
                .map(r -> EventJson.read(r.value(), HelpRequested.TYPE).payload()).toList();
    }

    @Test
    void shouldPutThePatientsAndTheSittersRequestOnTheTopicOnceEach() {
        String session = checkedIn();
        String device = "phone-" + UUID.randomUUID();
        RequestSpecification patient = given().auth().oauth2(DevTokens.forDevice(Roles.PATIENT_DEVICE, session, device))
                .contentType(ContentType.JSON);
        Instant askedAt = Instant.now().minusSeconds(3);
        String body = help("h-1", askedAt, "dizzy and scared");

        String eventId = patient.body(body).post("/sessions/{id}/help", session).then().statusCode(202)
                .body("helpId", equalTo("h-1")).body("requestedBy", equalTo("patient")).extract().path("eventId");
        // The app retries (it did not see the answer): the same request, nothing sent again.
        given().auth().oauth2(DevTokens.forDevice(Roles.PATIENT_DEVICE, session, device)).contentType(ContentType.JSON)
                .body(body).post("/sessions/{id}/help", session).then().statusCode(200).body("eventId", equalTo(eventId));
        given().auth().oauth2(DevTokens.forDevice(Roles.PATIENT_DEVICE, session, device)).contentType(ContentType.JSON)
                .body(help("h-1", askedAt, "something else")).post("/sessions/{id}/help", session).then().statusCode(409)
                .contentType(startsWith("application/problem+json")).body("detail", containsString("new help request"));
        String sitterEventId = asSitter(session).body(help("h-1", Instant.now().minusSeconds(1), null))
                .post("/sessions/{id}/help", session).then().statusCode(202)
                .body("requestedBy", equalTo("sitter")).extract().path("eventId");
        assertThat(sitterEventId).as("the sitter's own request, though the app chose the same id").isNotEqualTo(eventId);

        List<HelpRequested> sent = onTopic(session, sitterEventId);
        assertThat(sent).hasSize(2);
        HelpRequested first = sent.get(0);
        assertThat(first.helpId()).isEqualTo("h-1");
        assertThat(first.sessionId()).isEqualTo(session);
        assertThat(first.requestedBy()).isEqualTo("patient");
        assertThat(first.deviceId()).isEqualTo("device-" + device);
        assertThat(first.askedAt()).isEqualTo(askedAt);
        assertThat(first.note()).isEqualTo("dizzy and scared");
        assertThat(first.receivedAt()).isAfterOrEqualTo(askedAt);
        assertThat(sent.get(1).requestedBy()).isEqualTo("sitter");
        assertThat(sent.get(1).note()).isNull();
        assertThat(TopicProbe.awaitRecords(Topics.VITALS_OBSERVATIONS, r -> r.value().contains(eventId), Duration.ofSeconds(10)))
                .as("keyed by the session, like its check-ins").singleElement()
                .satisfies(r -> assertThat(r.key()).isEqualTo(session))
                .satisfies(r -> assertThat(EventJson.read(r.value(), HelpRequested.TYPE).aggregateId()).isEqualTo(session));
    }

    @Test
    void shouldCallHelpWhateverThePhonesClockSays() {
        String session = checkedIn();
        Instant yesterday = Instant.now().minus(Duration.ofDays(1));
        Instant tomorrow = Instant.now().plus(Duration.ofDays(1));

        asDevice(session).body(help("clock-behind", yesterday, null)).post("/sessions/{id}/help", session).then().statusCode(202);
        Instant before = Instant.now();
        String last = asSitter(session).body(help("clock-ahead", tomorrow, null)).post("/sessions/{id}/help", session)
                .then().statusCode(202).extract().path("eventId");

        List<HelpRequested> sent = onTopic(session, last);
        assertThat(sent).extracting(HelpRequested::helpId).containsExactly("clock-behind", "clock-ahead");
        assertThat(sent).extracting(HelpRequested::askedAt).containsExactly(yesterday, tomorrow);
        assertThat(sent.get(1).receivedAt()).as("the server's receipt, what alerting counts from")
                .isBetween(before.minusSeconds(1), Instant.now().plusSeconds(1));
    }

    @Test
    void shouldRefuseEveryoneButThisSessionsPatientDeviceAndSitter() {
        String session = checkedIn();
        Function<String, RequestSpecification> token = t -> given().auth().oauth2(t).contentType(ContentType.JSON);
        given().contentType(ContentType.JSON).body(help("u-1")).post("/sessions/{id}/help", session)
                .then().statusCode(401);
        token.apply("not.a.token").body(help("u-2")).post("/sessions/{id}/help", session).then().statusCode(401);
        token.apply(DevTokens.sign("device-x", Roles.PATIENT_DEVICE, session, Duration.ofMinutes(-5)))
                .body(help("u-3")).post("/sessions/{id}/help", session).then().statusCode(401);
        token.apply(DevTokens.forRole(Roles.CLINICIAN)).body(help("u-4")).post("/sessions/{id}/help", session)
                .then().statusCode(403).contentType(startsWith("application/problem+json"));
        token.apply(DevTokens.forRole(Roles.ADMIN)).body(help("u-5")).post("/sessions/{id}/help", session)
                .then().statusCode(403);
        asDevice(checkedIn()).body(help("u-6")).post("/sessions/{id}/help", session).then().statusCode(403)
                .body("detail", containsString("another session"));
        asSitter(checkedIn()).body(help("u-7")).post("/sessions/{id}/help", session).then().statusCode(403)
                .body("detail", containsString("another session"));
        token.apply(DevTokens.sign("device-without-id", Roles.SITTER, session, Duration.ofHours(1)))
                .body(help("u-8")).post("/sessions/{id}/help", session).then().statusCode(403)
                .body("detail", containsString("names no paired device"));

        String device = UUID.randomUUID().toString();
        String paired = DevTokens.forDevice(Roles.PATIENT_DEVICE, session, device);
        token.apply(paired).body(help("before-revoked")).post("/sessions/{id}/help", session).then().statusCode(202);
        LifecycleProbe.deviceRevoked(session, device, Instant.now());
        await().atMost(Duration.ofSeconds(10)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> RevokedDevice.findById(device)) != null);
        token.apply(paired).body(help("u-9")).post("/sessions/{id}/help", session).then().statusCode(403)
                .body("detail", containsString("revoked"));

        String sentinel = asDevice(session).body(help("sentinel")).post("/sessions/{id}/help", session)
                .then().statusCode(202).extract().path("eventId");
        assertThat(onTopic(session, sentinel)).extracting(HelpRequested::helpId).containsExactly("before-revoked", "sentinel");
    }

    @Test
    void shouldRefuseBadRequestsWithAProblemAndSendNothing() {
        String session = checkedIn();
        List<Object[]> cases = List.of(
                new Object[]{"{\"helpId\": \"x\", \"askedAt\": ", 400, null},
                new Object[]{"hello", 400, null},
                new Object[]{"[1, 2]", 400, null},
                new Object[]{"", 400, null},
                new Object[]{"null", 400, null},
                new Object[]{help("x").replace("\"note\"", "\"urgent\": true, \"note\""), 400, null},
                new Object[]{"{\"askedAt\": \"" + Instant.now() + "\"}", 400, "helpId"},
                new Object[]{help("   "), 400, "helpId"},
                new Object[]{help("h".repeat(101)), 400, "helpId"},
                new Object[]{"{\"helpId\": 7, \"askedAt\": \"" + Instant.now() + "\"}", 400, null},
                new Object[]{"{\"helpId\": \"no-time\"}", 400, "askedAt"},
                new Object[]{"{\"helpId\": \"bad-time\", \"askedAt\": \"soon\"}", 400, null},
                new Object[]{help("long-note", Instant.now(), "n".repeat(201)), 400, "note"},
                new Object[]{"{\"helpId\": \"" + "x".repeat(5 * 1024 * 1024) + "\"}", 413, null});
        for (Object[] c : cases) {
            var then = asDevice(session).body((String) c[0]).post("/sessions/{id}/help", session).then()
                    .statusCode((Integer) c[1]).contentType(startsWith("application/problem+json")).body("status", equalTo(c[1]));
            if (c[2] != null) {
                then.body("violations[0].field", equalTo(c[2]));
            }
        }
        // 200 characters of two bytes each: within the note's limit.
        asDevice(session).body(help("big-note", Instant.now(), "\u00e9".repeat(200))).post("/sessions/{id}/help", session)
                .then().statusCode(202);
        given().auth().oauth2(DevTokens.forSession(Roles.PATIENT_DEVICE, session)).contentType("text/plain")
                .body(help("plain")).post("/sessions/{id}/help", session).then().statusCode(415);

        String sentinel = asDevice(session).body(help("sentinel")).post("/sessions/{id}/help", session)
                .then().statusCode(202).extract().path("eventId");
        assertThat(onTopic(session, sentinel)).as("only the one good request and the sentinel")
                .extracting(HelpRequested::helpId).containsExactly("big-note", "sentinel");
    }

    @Test
    void shouldTakeRequestsWhileTheSessionIsActiveAndRefuseThemOnceItEnds() {
        String scheduled = UUID.randomUUID().toString();
        LifecycleProbe.state(scheduled, "SCHEDULED", Instant.now());
        awaitState(scheduled, "SCHEDULED");
        asDevice(scheduled).body(help("s-1")).post("/sessions/{id}/help", scheduled).then().statusCode(409)
                .contentType(startsWith("application/problem+json")).body("detail", containsString("SCHEDULED"));
        String unknown = UUID.randomUUID().toString();
        asSitter(unknown).body(help("s-2")).post("/sessions/{id}/help", unknown).then().statusCode(409)
                .body("detail", containsString("not checked in"));

        String session = checkedIn();
        LifecycleProbe.dosed(session, Instant.now().minus(Duration.ofMinutes(20)));
        awaitState(session, "DOSED");
        LifecycleProbe.state(session, "ENDED_EARLY", Instant.now());
        awaitState(session, "ENDED_EARLY");
        asDevice(session).body(help("after-abort")).post("/sessions/{id}/help", session).then().statusCode(202);
        LifecycleProbe.state(session, "COMPLETED", Instant.now());
        awaitState(session, "COMPLETED");
        asSitter(session).body(help("late")).post("/sessions/{id}/help", session).then().statusCode(409)
                .body("detail", containsString("COMPLETED"));
        assertThat(TopicProbe.awaitRecords(Topics.VITALS_OBSERVATIONS, r -> scheduled.equals(r.key()) || unknown.equals(r.key())
                || (session.equals(r.key()) && HelpRequested.TYPE.name().equals(EventJson.typeOf(r.value()))), Duration.ofSeconds(10)))
                .extracting(r -> EventJson.read(r.value(), HelpRequested.TYPE).payload().helpId()).containsExactly("after-abort");
    }

    @Test
    void shouldPutTheRequestOnTheSessionsLiveFeed() {
        String session = checkedIn();
        String eventId = asDevice(session).body(help("feed-1")).post("/sessions/{id}/help", session)
                .then().statusCode(202).extract().path("eventId");
        await().atMost(Duration.ofSeconds(10)).until(() -> feedTypes(session).contains(HelpRequested.TYPE.name()));
        assertThat(ObservationKinds.streamName(HelpRequested.TYPE.name())).isEqualTo("help");
        assertThat(eventId).isNotBlank();
    }

    private List<String> feedTypes(String session) throws java.sql.SQLException {
        try (var connection = database.getConnection();
             var query = connection.prepareStatement("SELECT type FROM observation_feed WHERE session_id = ? ORDER BY kafka_offset")) {
            query.setString(1, session);
            List<String> types = new java.util.ArrayList<>();
            try (var rows = query.executeQuery()) {
                while (rows.next()) {
                    types.add(rows.getString(1));
                }
            }
            return types;
        }
    }
}
