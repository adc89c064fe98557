package care.ketamine.session.lifecycle;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.security.Roles;
import care.ketamine.contracts.sessions.PairedDevice;
import care.ketamine.contracts.sessions.SessionChanged;
import care.ketamine.contracts.vitals.DeviceKinds;
import care.ketamine.contracts.vitals.ReadingRecorded;
import care.ketamine.testsupport.ClinicianHours;
import care.ketamine.testsupport.DevTokens;
import care.ketamine.testsupport.RealInfrastructure;
import care.ketamine.testsupport.SettableClock;
import care.ketamine.testsupport.TopicProbe;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

/**
 * Devices paired by kind (a cuff and an oximeter together), over the API on the real broker and database, and
 * the dose judged on what each of them measured last.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class DeviceKindsTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private String clinicianId;
    private String patientId;

    @BeforeEach
    void clinicianAndApprovedPatient() {
        clinicianId = "dr-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(DevTokens.forRole(Roles.ADMIN)).contentType(ContentType.JSON).body(ClinicianHours.availableAllDay(clinicianId, "Dr Kinds"))
                .post("/clinicians").then().statusCode(201);
        patientId = UUID.randomUUID().toString();
        SessionLifecycleTest.approvePlan(patientId, "CA");
    }

    private RequestSpecification asClinician() {
        return given().auth().oauth2(DevTokens.sign(clinicianId, Roles.CLINICIAN, null, Duration.ofHours(1)))
                .contentType(ContentType.JSON);
    }

    private String book(String type, Duration fromNow) {
        return given().auth().oauth2(DevTokens.forRole(Roles.SCHEDULER)).contentType(ContentType.JSON).body("""
                        {"patientId": "%s", "clinicianId": "%s", "type": "%s", "start": "%s"}"""
                        .formatted(patientId, clinicianId, type, SettableClock.now().plus(fromNow).truncatedTo(ChronoUnit.SECONDS)))
                .post("/sessions").then().statusCode(201).extract().path("id");
    }

    private JsonPath pair(String sessionId, String body) {
        return asClinician().body(body).post("/sessions/{id}/devices", sessionId).then().statusCode(201).extract().jsonPath();
    }

    private static long count(String sql, Object... parameters) {
        return QuarkusTransaction.requiringNew().call(() -> {
            var query = Panache.getEntityManager().createNativeQuery(sql);
            for (int i = 0; i < parameters.length; i++) {
                query.setParameter(i + 1, parameters[i]);
            }
            return ((Number) query.getSingleResult()).longValue();
        });
    }

    private static JsonPath claims(String token) {
        return JsonPath.from(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
    }

    private static SessionChanged paired(String sessionId, String deviceId) {
        return EventJson.read(TopicProbe.awaitRecords(Topics.SESSIONS_LIFECYCLE, r -> sessionId.equals(r.key())
                && r.value().contains("DEVICE_PAIRED") && r.value().contains(deviceId), WAIT).get(0).value(),
                SessionChanged.TYPE).payload();
    }

    @Test
    void shouldPairACuffWithItsCadenceAndDescriptionAndPublishThem() {
        String session = book("PREPARATION", Duration.ofHours(2));
        JsonPath cuff = pair(session, """
                {"role": "patient-device", "label": "cuff in the kitchen", "kind": "bp-cuff", "cadenceSeconds": 300,
                 "manufacturer": " Omron ", "model": "BP7450", "firmware": "2.1.0"}""");

        assertThat(cuff.getString("kind")).isEqualTo("bp-cuff");
        assertThat(cuff.getInt("cadenceSeconds")).isEqualTo(300);
        assertThat(cuff.getString("manufacturer")).isEqualTo("Omron");
        assertThat(claims(cuff.getString("token")).getString("device_kind")).isEqualTo("bp-cuff");
        SessionChanged event = paired(session, cuff.getString("deviceId"));
        assertThat(event.device()).isEqualTo(new PairedDevice(cuff.getString("deviceId"), Roles.PATIENT_DEVICE,
                DeviceKinds.BP_CUFF, 300, "Omron", "BP7450", "2.1.0"));
        assertThat(event.deviceId()).isEqualTo(cuff.getString("deviceId"));
        asClinician().get("/sessions/{id}", session).then().statusCode(200)
                .body("devices.kind", equalTo(java.util.List.of("bp-cuff")))
                .body("devices[0].cadenceSeconds", equalTo(300)).body("devices[0].model", equalTo("BP7450"));
    }

    @Test
    void shouldPairAMonitorAndASitterPhoneWhenNoKindIsNamed() {
        String session = book("PREPARATION", Duration.ofHours(2));
        JsonPath monitor = pair(session, "{\"role\": \"patient-device\", \"label\": \"monitor\"}");
        JsonPath phone = pair(session, "{\"role\": \"sitter\", \"label\": \"Sam's phone\"}");

        assertThat(monitor.getString("kind")).isEqualTo(DeviceKinds.MONITOR);
        assertThat(phone.getString("kind")).isEqualTo(DeviceKinds.SITTER_PHONE);
        assertThat(paired(session, monitor.getString("deviceId")).device().kind()).isEqualTo(DeviceKinds.MONITOR);
        assertThat(paired(session, phone.getString("deviceId")).device().cadenceSeconds()).isNull();
    }

    @Test
    void shouldRevokeTheEarlierDeviceOfTheSameKindOnlyAndKeepTheOtherKind() {
        String session = book("PREPARATION", Duration.ofHours(2));
        JsonPath firstCuff = pair(session, "{\"role\": \"patient-device\", \"label\": \"cuff 1\", \"kind\": \"bp-cuff\"}");
        JsonPath oximeter = pair(session, """
                {"role": "patient-device", "label": "finger clip", "kind": "pulse-oximeter", "cadenceSeconds": 5}""");
        JsonPath monitor = pair(session, "{\"role\": \"patient-device\", \"label\": \"old monitor\"}");

        assertThat(count("SELECT count(*) FROM paired_device WHERE session_id = ?1 AND revoked_at IS NULL",
                UUID.fromString(session))).as("a cuff, an oximeter and a monitor side by side").isEqualTo(3);
        JsonPath secondCuff = pair(session, "{\"role\": \"patient-device\", \"label\": \"cuff 2\", \"kind\": \"bp-cuff\"}");

        assertThat(count("SELECT count(*) FROM paired_device WHERE id = ?1 AND revoked_at IS NOT NULL",
                UUID.fromString(firstCuff.getString("deviceId")))).isEqualTo(1);
        for (JsonPath kept : new JsonPath[]{oximeter, monitor, secondCuff}) {
            assertThat(count("SELECT count(*) FROM paired_device WHERE id = ?1 AND revoked_at IS NULL",
                    UUID.fromString(kept.getString("deviceId")))).isEqualTo(1);
        }
        TopicProbe.awaitRecords(Topics.SESSIONS_LIFECYCLE, r -> session.equals(r.key()) && r.value().contains("DEVICE_REVOKED")
                && r.value().contains(firstCuff.getString("deviceId")), WAIT);
        given().auth().oauth2(firstCuff.getString("token")).post("/sessions/{id}/devices/token", session).then().statusCode(403);
        given().auth().oauth2(oximeter.getString("token")).post("/sessions/{id}/devices/token", session).then().statusCode(200)
                .body("kind", equalTo("pulse-oximeter")).body("cadenceSeconds", equalTo(5));
        asClinician().get("/sessions/{id}", session).then().statusCode(200)
                .body("devices.kind", hasItems("pulse-oximeter", "monitor", "bp-cuff"))
                .body("devices.label", org.hamcrest.Matchers.not(hasItem("cuff 1")));
    }

    @Test
    void shouldRefuseBadPairingsWithAProblemAndPairNothing() {
        String session = book("PREPARATION", Duration.ofHours(2));
        String tooLong = "x".repeat(201);
        String[][] refused = {
                {"{\"role\": \"patient-device\", \"label\": \"a\", \"kind\": \"thermometer\"}", "kind"},
                {"{\"role\": \"patient-device\", \"label\": \"a\", \"kind\": \"sitter-phone\"}", "kind"},
                {"{\"role\": \"sitter\", \"label\": \"a\", \"kind\": \"bp-cuff\"}", "kind"},
                {"{\"role\": \"patient-device\", \"label\": \"a\", \"kind\": \"pulse-oximeter\", \"cadenceSeconds\": 61}", "cadenceSeconds"},
                {"{\"role\": \"patient-device\", \"label\": \"a\", \"kind\": \"bp-cuff\", \"cadenceSeconds\": 30}", "cadenceSeconds"},
                {"{\"role\": \"patient-device\", \"label\": \"a\", \"kind\": \"bp-cuff\", \"cadenceSeconds\": 3601}", "cadenceSeconds"},
                {"{\"role\": \"sitter\", \"label\": \"a\", \"cadenceSeconds\": 60}", "cadenceSeconds"},
                {"{\"role\": \"patient-device\", \"label\": \"a\", \"manufacturer\": \"" + tooLong + "\"}", "manufacturer"},
                {"{\"role\": \"patient-device\", \"label\": \"a\", \"model\": \"" + tooLong + "\"}", "model"},
                {"{\"role\": \"patient-device\", \"label\": \"a\", \"firmware\": \"" + tooLong + "\"}", "firmware"},
                {"{\"role\": \"patient-device\", \"label\": \"a\", \"cadenceSeconds\": \"often\"}", null},
                {"{\"label\": \"a\"}", "role"},
                {"{\"role\": \"watch\", \"label\": \"a\"}", "role"},
                {"{\"role\": \"sitter\", \"label\": \" \"}", "label"},
                {"{\"role\": \"sitter\", \"label\": \"" + tooLong + "\"}", "label"},
                {"{\"role\": \"sitter\"}", "label"},
        };
        for (String[] bad : refused) {
            var answer = asClinician().body(bad[0]).post("/sessions/{id}/devices", session).then().statusCode(400)
                    .contentType("application/problem+json");
            if (bad[1] != null) {
                answer.body("violations.field", hasItem(bad[1]));
            }
        }
        asClinician().body("{\"role\": \"watch\", \"label\": \"a\"}").post("/sessions/{id}/devices", session).then()
                .statusCode(400).body("violations[0].rule", equalTo("must be patient-device or sitter"));
        asClinician().post("/sessions/{id}/devices", session).then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", equalTo(java.util.List.of("body")));
        assertThat(count("SELECT count(*) FROM paired_device WHERE session_id = ?1", UUID.fromString(session))).isZero();
    }

    @Test
    void shouldRefuseOthersThanTheSessionsClinicianOrAnAdmin() {
        String session = book("PREPARATION", Duration.ofHours(2));
        String cuff = "{\"role\": \"patient-device\", \"label\": \"a\", \"kind\": \"bp-cuff\"}";
        for (String role : new String[]{Roles.SCHEDULER, Roles.ON_CALL}) {
            given().auth().oauth2(DevTokens.forRole(role)).contentType(ContentType.JSON).body(cuff)
                    .post("/sessions/{id}/devices", session).then().statusCode(403);
        }
        given().auth().oauth2(DevTokens.sign("dr-other", Roles.CLINICIAN, null, Duration.ofHours(1)))
                .contentType(ContentType.JSON).body(cuff).post("/sessions/{id}/devices", session).then().statusCode(403);
        given().contentType(ContentType.JSON).body(cuff).post("/sessions/{id}/devices", session).then().statusCode(401);
        assertThat(count("SELECT count(*) FROM paired_device WHERE session_id = ?1", UUID.fromString(session))).isZero();
        given().auth().oauth2(DevTokens.forRole(Roles.ADMIN)).contentType(ContentType.JSON).body(cuff)
                .post("/sessions/{id}/devices", session).then().statusCode(201);
    }

    // --- The dose with a cuff and an oximeter -----------------------------------------------------

    private static ReadingRecorded cuffReading(String sessionId, int systolic, int diastolic, Integer pulse, Instant at) {
        return new ReadingRecorded("r-" + UUID.randomUUID(), sessionId, "cuff", systolic, diastolic, pulse, null, at, at,
                DeviceKinds.BP_CUFF, null, null, Set.of(), "sitting", "left-upper-arm", at);
    }

    private static ReadingRecorded oximeterReading(String sessionId, int spo2, Integer pulse, Instant at) {
        return new ReadingRecorded("r-" + UUID.randomUUID(), sessionId, "oximeter", null, null, pulse, spo2, at, at,
                DeviceKinds.PULSE_OXIMETER, 14, 2.5, Set.of(), null, null, at);
    }

    @Test
    void shouldParkAnUnreadableObservationOnTheDeadLetterTopicAndTakeTheRestOfThePoll() {
        String sessionId = UUID.randomUUID().toString();
        String poison = "not json " + sessionId;
        TopicProbe.send(Topics.VITALS_OBSERVATIONS, sessionId, poison);
        observed(cuffReading(sessionId, 122, 78, 70, Instant.now().truncatedTo(ChronoUnit.MILLIS)), "blood-pressure");

        // Each of session-service's two consumers parks it once, naming itself; nothing of it is stored.
        await().atMost(WAIT).untilAsserted(() -> assertThat(TopicProbe.awaitRecords(Topics.VITALS_OBSERVATIONS + ".dlq",
                        r -> poison.equals(r.value()), WAIT))
                .extracting(r -> new String(r.headers().lastHeader("dead-letter-consumer").value(), StandardCharsets.UTF_8))
                .contains("session-gate", "session-console-observations"));
        assertThat(count("SELECT count(*) FROM console_feed WHERE event LIKE ?1", "%" + poison + "%")).isZero();
    }

    /** Published on vitals.observations; waits until the measure it carries is the session's latest. */
    private static void observed(ReadingRecorded r, String measure) {
        TopicProbe.send(Topics.VITALS_OBSERVATIONS, r.sessionId(), EventJson.write(EventEnvelope.wrap(ReadingRecorded.TYPE,
                r.sessionId(), r, Clock.systemUTC())));
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM console_feed WHERE event::jsonb #>> '{payload,readingId}' = ?1",
                r.readingId()) == 1);
        if (measure != null) {
            await().atMost(WAIT).until(() -> count("SELECT count(*) FROM latest_measure WHERE session_id = ?1 AND measure = ?2 "
                    + "AND measured_at = ?3", UUID.fromString(r.sessionId()), measure, r.measuredAt()) == 1);
        }
    }

    @Test
    void shouldJudgeTheDoseOnTheCuffsBloodPressureAndTheOximetersSpo2WhicheverCameLast() {
        String prep = book("PREPARATION", Duration.ofHours(1));
        asClinician().body("{}").post("/sessions/{id}/complete", prep).then().statusCode(200);
        String id = book("DOSING", Duration.ofHours(3));
        pair(id, "{\"role\": \"patient-device\", \"label\": \"cuff\", \"kind\": \"bp-cuff\", \"cadenceSeconds\": 300}");
        pair(id, "{\"role\": \"patient-device\", \"label\": \"clip\", \"kind\": \"pulse-oximeter\", \"cadenceSeconds\": 5}");
        asClinician().body("{\"patientOnline\": true, \"sitterName\": \"Sam Rivera\", \"dosingAddress\": {\"street\": \"12 Oak St\", \"city\": \"Oakland\", \"region\": \"CA\", \"postalCode\": \"94607\", \"country\": \"US\"}}").post("/sessions/{id}/check-in", id)
                .then().statusCode(200).body("state", equalTo("CHECKED_IN"));
        Instant now = SettableClock.now().truncatedTo(ChronoUnit.MILLIS);

        // The gate takes the cuff's reading although the oximeter sent after it.
        observed(cuffReading(id, 131, 83, 75, now.minusSeconds(60)), "blood-pressure");
        observed(oximeterReading(id, 98, 74, now.minusSeconds(1)), "spo2");
        asClinician().body("{}").post("/sessions/{id}/gate", id).then().statusCode(200)
                .body("state", equalTo("PRE_DOSE_CHECK")).body("history[-1].reason", containsString("BP 131/83"));
        assertThat(count("SELECT count(*) FROM session WHERE id = ?1 AND pre_dose_systolic = 131", UUID.fromString(id)))
                .isEqualTo(1);
        SessionChanged gated = EventJson.read(TopicProbe.awaitRecords(Topics.SESSIONS_LIFECYCLE, r -> id.equals(r.key())
                && r.value().contains("\"state\":\"PRE_DOSE_CHECK\""), WAIT).get(0).value(), SessionChanged.TYPE).payload();
        assertThat(gated.preDoseSystolic()).as("alerting's pre-dose reading is the cuff's").isEqualTo(131);

        // A crisis on the cuff, then a normal oximeter reading: the crisis is not hidden.
        observed(cuffReading(id, 186, 122, 96, now.minusMillis(500)), "blood-pressure");
        observed(oximeterReading(id, 98, 74, now.minusMillis(100)), "spo2");
        asClinician().body("{}").post("/sessions/{id}/dose", id).then().statusCode(409)
                .body("violations.rule", hasItem(containsString("BP 186/122")));

        // The cuff settles; the oximeter's newest reading is 16 minutes old (a backlog sent late is not newer).
        observed(cuffReading(id, 132, 84, 76, now), "blood-pressure");
        observed(oximeterReading(id, 99, 70, now.minus(Duration.ofMinutes(16))), null);
        asClinician().body("{}").post("/sessions/{id}/dose", id).then().statusCode(200)
                .body("state", equalTo("DOSE_AUTHORIZED")).body("history[-1].reason", containsString("the pulse oximeter"));
    }

    @Test
    void shouldRefuseTheDoseNamingTheOximeterWhenItsSpo2IsStale() {
        String prep = book("PREPARATION", Duration.ofHours(1));
        asClinician().body("{}").post("/sessions/{id}/complete", prep).then().statusCode(200);
        String id = book("DOSING", Duration.ofHours(3));
        pair(id, "{\"role\": \"patient-device\", \"label\": \"cuff\", \"kind\": \"bp-cuff\"}");
        pair(id, "{\"role\": \"patient-device\", \"label\": \"clip\", \"kind\": \"pulse-oximeter\"}");
        asClinician().body("{\"patientOnline\": true, \"sitterName\": \"Sam Rivera\", \"dosingAddress\": {\"street\": \"12 Oak St\", \"city\": \"Oakland\", \"region\": \"CA\", \"postalCode\": \"94607\", \"country\": \"US\"}}").post("/sessions/{id}/check-in", id)
                .then().statusCode(200);
        Instant now = SettableClock.now().truncatedTo(ChronoUnit.MILLIS);
        observed(oximeterReading(id, 97, 72, now.minus(Duration.ofMinutes(16))), "spo2");
        observed(cuffReading(id, 128, 80, 72, now), "blood-pressure");
        asClinician().body("{}").post("/sessions/{id}/gate", id).then().statusCode(200).body("state", equalTo("PRE_DOSE_CHECK"));

        asClinician().body("{}").post("/sessions/{id}/dose", id).then().statusCode(409)
                .contentType("application/problem+json")
                .body("violations.rule", hasItem(containsString("no SpO2 measured in the last 15 minutes by the pulse oximeter")));

        observed(oximeterReading(id, 97, 72, now.plusMillis(1)), "spo2");
        asClinician().body("{}").post("/sessions/{id}/dose", id).then().statusCode(200).body("state", equalTo("DOSE_AUTHORIZED"));
    }
}
