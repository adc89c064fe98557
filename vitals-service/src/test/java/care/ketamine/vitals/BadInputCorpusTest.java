package care.ketamine.vitals;

import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.security.Roles;
import care.ketamine.testsupport.DevTokens;
import care.ketamine.testsupport.LifecycleProbe;
import care.ketamine.testsupport.RealInfrastructure;
import care.ketamine.testsupport.TopicProbe;
import care.ketamine.vitals.projection.ReadingHistory;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * Bad input through the real HTTP stack: every case is refused with a 4xx problem+json, and at the
 * end nothing of it is on the broker or in the database. The sessions are created once for the corpus.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputCorpusTest {

    /** The session every case targets, checked in ten minutes ago. */
    static final String SESSION = UUID.randomUUID().toString();
    /** A session that is only scheduled, and one vitals has never heard of. */
    static final String SCHEDULED = UUID.randomUUID().toString();
    static final String UNKNOWN = UUID.randomUUID().toString();
    static String seedEventId;

    @Inject
    ReadingHistory history;

    /** One bad request: who sends it, where, what, and the status it must get. */
    record Case(String name, String path, Function<String, RequestSpecification> caller, String contentType, String body,
                int status) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Function<String, RequestSpecification> device() {
        return session -> given().auth().oauth2(DevTokens.forSession(Roles.PATIENT_DEVICE, session));
    }

    static Function<String, RequestSpecification> sitter() {
        return session -> given().auth().oauth2(DevTokens.forSession(Roles.SITTER, session));
    }

    static Function<String, RequestSpecification> token(String token) {
        return session -> given().auth().oauth2(token);
    }

    static String good(String readingId) {
        return """
                {"readingId": "%s", "systolic": 128, "diastolic": 82, "heartRate": 76, "spo2": 97, "measuredAt": "%s"}"""
                .formatted(readingId, Instant.now().minusSeconds(5));
    }

    /** The good reading with one part replaced. */
    static String with(String from, String to) {
        String body = good("bad-" + UUID.randomUUID());
        assertThat(body).contains(from);
        return body.replace(from, to);
    }

    static String patient(String from, String to) {
        String body = """
                {"checkInId": "c-%s", "unreality": 1, "bodyDisconnection": 1, "timeDistortion": 1, "nausea": 2, "anxiety": 2,
                 "feelsOk": true, "answeredAt": "%s"}""".formatted(UUID.randomUUID(), Instant.now().minusSeconds(5));
        return body.replace(from, to);
    }

    static String sitterBody(String from, String to) {
        String body = """
                {"checkInId": "s-%s", "moaas": 5, "sitterPresent": true, "answeredAt": "%s"}"""
                .formatted(UUID.randomUUID(), Instant.now().minusSeconds(5));
        return body.replace(from, to);
    }

    static String batchOf(int n) {
        return "{\"readings\": [" + IntStream.range(0, n).mapToObj(i -> good("batch-" + UUID.randomUUID()))
                .collect(Collectors.joining(",")) + "]}";
    }

    static List<Case> corpus() {
        String json = "application/json";
        String readings = "/sessions/%s/readings";
        String batch = "/sessions/%s/readings/batch";
        String patientCheckIn = "/sessions/%s/check-ins/patient";
        String sitterCheckIn = "/sessions/%s/check-ins/sitter";
        List<Case> cases = new ArrayList<>(List.of(
                // Not JSON, or not the JSON we take
                new Case("truncated JSON", readings, device(), json, "{\"readingId\": \"x\", \"systolic\": ", 400),
                new Case("not JSON at all", readings, device(), json, "hello", 400),
                new Case("a JSON array, not an object", readings, device(), json, "[1, 2]", 400),
                new Case("an empty body", readings, device(), json, "", 400),
                new Case("a JSON null", readings, device(), json, "null", 400),
                new Case("an unknown field", readings, device(), json, with("\"spo2\"", "\"temperature\": 37, \"spo2\""), 400),
                new Case("text/plain", readings, device(), "text/plain", good("plain"), 415),
                new Case("a 5 MB body", readings, device(), json, "{\"readingId\": \"" + "x".repeat(5 * 1024 * 1024) + "\"}", 413),
                // Numbers that are not numbers
                new Case("systolic as a string", readings, device(), json, with("\"systolic\": 128", "\"systolic\": \"128\""), 400),
                new Case("diastolic as a string", readings, device(), json, with("\"diastolic\": 82", "\"diastolic\": \"82\""), 400),
                new Case("heart rate as a string", readings, device(), json, with("\"heartRate\": 76", "\"heartRate\": \"76\""), 400),
                new Case("SpO2 as a string", readings, device(), json, with("\"spo2\": 97", "\"spo2\": \"97\""), 400),
                new Case("systolic with a fraction", readings, device(), json, with("\"systolic\": 128", "\"systolic\": 128.5"), 400),
                new Case("systolic as a boolean", readings, device(), json, with("\"systolic\": 128", "\"systolic\": true"), 400),
                new Case("readingId as a number", readings, device(), json, good("r").replace("\"readingId\": \"r\"", "\"readingId\": 123"), 400),
                new Case("measuredAt as a number", readings, device(), json,
                        good("n").replaceFirst("\"measuredAt\": \"[^\"]+\"", "\"measuredAt\": 1764169200"), 400),
                new Case("measuredAt not a time", readings, device(), json,
                        good("t").replaceFirst("\"measuredAt\": \"[^\"]+\"", "\"measuredAt\": \"yesterday\""), 400),
                // Missing fields
                new Case("no readingId", readings, device(), json, good("x").replace("\"readingId\": \"x\", ", ""), 400),
                new Case("no systolic", readings, device(), json, with("\"systolic\": 128, ", ""), 400),
                new Case("no diastolic", readings, device(), json, with("\"diastolic\": 82, ", ""), 400),
                new Case("no measuredAt", readings, device(), json, good("m").replaceFirst(", \"measuredAt\": \"[^\"]+\"", ""), 400),
                new Case("a blank readingId", readings, device(), json, good("   "), 400),
                new Case("a readingId of 101 characters", readings, device(), json, good("r".repeat(101)), 400),
                // Implausible values: rejected with the reason, never clamped
                new Case("systolic equal to diastolic", readings, device(), json, with("\"systolic\": 128", "\"systolic\": 82"), 400),
                new Case("systolic below diastolic", readings, device(), json, with("\"systolic\": 128", "\"systolic\": 80"), 400),
                new Case("systolic 50 (bound excluded)", readings, device(), json, with("\"systolic\": 128", "\"systolic\": 50"), 400),
                new Case("systolic 250 (bound excluded)", readings, device(), json, with("\"systolic\": 128", "\"systolic\": 250"), 400),
                new Case("systolic negative", readings, device(), json, with("\"systolic\": 128", "\"systolic\": -5"), 400),
                new Case("diastolic 30 (bound excluded)", readings, device(), json, with("\"diastolic\": 82", "\"diastolic\": 30"), 400),
                new Case("diastolic 140 (bound excluded)", readings, device(), json,
                        with("\"systolic\": 128, \"diastolic\": 82", "\"systolic\": 200, \"diastolic\": 140"), 400),
                new Case("heart rate 301", readings, device(), json, with("\"heartRate\": 76", "\"heartRate\": 301"), 400),
                new Case("heart rate negative", readings, device(), json, with("\"heartRate\": 76", "\"heartRate\": -1"), 400),
                new Case("SpO2 101", readings, device(), json, with("\"spo2\": 97", "\"spo2\": 101"), 400),
                new Case("SpO2 negative", readings, device(), json, with("\"spo2\": 97", "\"spo2\": -3"), 400),
                new Case("measuredAt 5 minutes ahead", readings, device(), json, good("f").replaceFirst("\"measuredAt\": \"[^\"]+\"",
                        "\"measuredAt\": \"" + Instant.now().plus(Duration.ofMinutes(5)) + "\""), 400),
                new Case("measuredAt before check-in", readings, device(), json, good("e").replaceFirst("\"measuredAt\": \"[^\"]+\"",
                        "\"measuredAt\": \"" + Instant.now().minus(Duration.ofDays(1)) + "\""), 400),
                // Who is calling
                new Case("no token", readings, session -> given(), json, good("a"), 401),
                new Case("an expired token", readings,
                        token(DevTokens.sign("device-x", Roles.PATIENT_DEVICE, SESSION, Duration.ofMinutes(-5))), json, good("b"), 401),
                new Case("a token that is not a JWT", readings, token("not.a.token"), json, good("c"), 401),
                new Case("a clinician's token", readings, token(DevTokens.forRole(Roles.CLINICIAN)), json, good("d"), 403),
                new Case("an admin's token", readings, token(DevTokens.forRole(Roles.ADMIN)), json, good("d2"), 403),
                new Case("the sitter's token", readings, sitter(), json, good("e2"), 403),
                new Case("another session's device token", readings, session -> device().apply(UUID.randomUUID().toString()),
                        json, good("g"), 403),
                // Which session
                new Case("a session only scheduled", readings, device(), json, good("h"), 409),
                new Case("a session vitals does not know", readings, device(), json, good("i"), 409),
                new Case("a replay with other values", readings, device(), json,
                        good("seed").replace("\"systolic\": 128", "\"systolic\": 129"), 409),
                // Batches
                new Case("a truncated batch", batch, device(), json, "{\"readings\": [", 400),
                new Case("a batch of 501", batch, device(), json, batchOf(501), 400),
                new Case("an empty batch", batch, device(), json, "{\"readings\": []}", 400),
                new Case("readings not an array", batch, device(), json, "{\"readings\": {}}", 400),
                new Case("a batch without a token", batch, session -> given(), json, batchOf(1), 401),
                new Case("a batch with another session's token", batch, session -> device().apply(UUID.randomUUID().toString()),
                        json, batchOf(1), 403),
                // Check-ins
                new Case("dissociation item 5", patientCheckIn, device(), json, patient("\"unreality\": 1", "\"unreality\": 5"), 400),
                new Case("nausea as a string", patientCheckIn, device(), json, patient("\"nausea\": 2", "\"nausea\": \"2\""), 400),
                new Case("anxiety 11", patientCheckIn, device(), json, patient("\"anxiety\": 2", "\"anxiety\": 11"), 400),
                new Case("no feelsOk", patientCheckIn, device(), json, patient("\"feelsOk\": true, ", ""), 400),
                new Case("feelsOk as a string", patientCheckIn, device(), json, patient("\"feelsOk\": true", "\"feelsOk\": \"yes\""), 400),
                new Case("an unknown prompt", patientCheckIn, device(), json,
                        patient("\"unreality\"", "\"promptId\": \"no-such-prompt\", \"unreality\""), 400),
                new Case("a patient check-in from the sitter", patientCheckIn, sitter(), json, patient("", ""), 403),
                new Case("MOAA/S 6", sitterCheckIn, sitter(), json, sitterBody("\"moaas\": 5", "\"moaas\": 6"), 400),
                new Case("sitterPresent as a number", sitterCheckIn, sitter(), json,
                        sitterBody("\"sitterPresent\": true", "\"sitterPresent\": 1"), 400),
                new Case("a sitter check-in from the patient's device", sitterCheckIn, device(), json, sitterBody("", ""), 403),
                new Case("a sitter check-in answered in the future", sitterCheckIn, sitter(), json,
                        sitterBody("", "").replaceFirst("\"answeredAt\": \"[^\"]+\"",
                                "\"answeredAt\": \"" + Instant.now().plus(Duration.ofMinutes(10)) + "\""), 400),
                new Case("a truncated check-in", sitterCheckIn, sitter(), json, "{\"checkInId\": ", 400)));
        return cases;
    }

    private static String target(Case c) {
        return switch (c.name()) {
            case "a session only scheduled" -> SCHEDULED;
            case "a session vitals does not know" -> UNKNOWN;
            default -> SESSION;
        };
    }

    @Test
    @Order(1)
    void corpusHasAtLeastFiftyCases() {
        assertThat(corpus()).hasSizeGreaterThanOrEqualTo(50);
        LifecycleProbe.state(SESSION, "CHECKED_IN", Instant.now().minus(Duration.ofMinutes(10)));
        LifecycleProbe.state(SCHEDULED, "SCHEDULED", Instant.now());
        SessionFixture.awaitState(SESSION, "CHECKED_IN");
        SessionFixture.awaitState(SCHEDULED, "SCHEDULED");
        // The original of the replay case.
        seedEventId = device().apply(SESSION).contentType("application/json").body(good("seed"))
                .post("/sessions/{id}/readings", SESSION).then().statusCode(202).extract().path("eventId");
    }

    @Order(2)
    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void shouldRefuseWithAProblem(Case c) {
        String session = target(c);
        c.caller().apply(session).contentType(c.contentType()).body(c.body())
                .when().post(c.path().formatted(session))
                .then().statusCode(c.status())
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(c.status()));
    }

    @Test
    @Order(3)
    void nothingOfTheCorpusReachedTheBrokerOrTheDatabase() {
        // A good reading after the corpus, on the same partition: once it is stored, anything before it would be.
        String sentinel = device().apply(SESSION).contentType("application/json").body(good("sentinel"))
                .post("/sessions/{id}/readings", SESSION).then().statusCode(202).extract().path("eventId");
        await().atMost(Duration.ofSeconds(10)).until(() -> history.countForSession(SESSION) == 2);

        Set<String> corpusSessions = Set.of(SESSION, SCHEDULED, UNKNOWN);
        List<ConsumerRecord<String, String>> onTopic = TopicProbe.awaitRecords(Topics.VITALS_OBSERVATIONS,
                r -> corpusSessions.contains(r.key()), Duration.ofSeconds(10));
        assertThat(onTopic).extracting(r -> EventJson.read(r.value(), care.ketamine.contracts.vitals.ReadingRecorded.TYPE)
                .eventId().toString()).containsExactly(seedEventId, sentinel);
        assertThat(history.countForSession(SCHEDULED)).isZero();
        assertThat(history.countForSession(UNKNOWN)).isZero();
        assertThat(history.checkInsBetween(SESSION, Instant.EPOCH, Instant.now().plusSeconds(60), 10)).isEmpty();
    }
}
