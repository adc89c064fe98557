package care.ketamine.session.lifecycle;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.EventType;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.alerts.AlertSnapshot;
import care.ketamine.contracts.security.Roles;
import care.ketamine.contracts.sessions.SessionChanged;
import care.ketamine.contracts.vitals.PatientCheckedIn;
import care.ketamine.contracts.vitals.ReadingRecorded;
import care.ketamine.contracts.vitals.SitterCheckedIn;
import care.ketamine.platform.problem.ProblemException;
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
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;

/**
 * The dosing safety interlocks over the API, on the real broker and database: the dose re-checked
 * at that moment against what arrived on Kafka, expiry, the tablet, abort after the dose, handover,
 * discharge from the data.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class DoseSafetyTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @Inject
    RunSession runSession;

    private String clinicianId;
    private String patientId;

    @BeforeEach
    void clinicianAndApprovedPatient() {
        clinicianId = "dr-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(DevTokens.forRole(Roles.ADMIN)).contentType(ContentType.JSON).body(ClinicianHours.availableAllDay(clinicianId, "Dr Dose"))
                .post("/clinicians").then().statusCode(201);
        patientId = UUID.randomUUID().toString();
        SessionLifecycleTest.approvePlan(patientId, "CA");
    }

    private RequestSpecification asClinician() {
        return given().auth().oauth2(DevTokens.sign(clinicianId, Roles.CLINICIAN, null, Duration.ofHours(1)))
                .contentType(ContentType.JSON);
    }

    private RequestSpecification step(String sessionId, String body) {
        return asClinician().body(body == null ? "{}" : body).basePath("/sessions/" + sessionId);
    }

    private String book(String type, Duration fromNow) {
        return given().auth().oauth2(DevTokens.forRole(Roles.SCHEDULER)).contentType(ContentType.JSON).body("""
                        {"patientId": "%s", "clinicianId": "%s", "type": "%s", "start": "%s"}"""
                        .formatted(patientId, clinicianId, type, SettableClock.now().plus(fromNow).truncatedTo(ChronoUnit.SECONDS)))
                .post("/sessions").then().statusCode(201).extract().path("id");
    }

    /** A prepared patient's dosing session, a monitor paired, checked in with the plan's sitter; its device id. */
    private record Checked(String id, String deviceId, String deviceToken) {
    }

    private static final String TODAYS_ADDRESS = "{\"street\": \"12 Oak St\", \"city\": \"Oakland\", \"region\": \"CA\", "
            + "\"postalCode\": \"94607\", \"country\": \"US\"}";

    private Checked checkedIn() {
        return checkedIn("{\"patientOnline\": true, \"sitterName\": \"Sam Rivera\", \"dosingAddress\": " + TODAYS_ADDRESS + "}");
    }

    private Checked checkedIn(String checkIn) {
        String prep = book("PREPARATION", Duration.ofHours(1));
        step(prep, null).post("/complete").then().statusCode(200);
        String dosing = book("DOSING", Duration.ofHours(3));
        JsonPath device = asClinician().body("{\"role\": \"patient-device\", \"label\": \"cuff\"}")
                .post("/sessions/{id}/devices", dosing).then().statusCode(201).extract().jsonPath();
        step(dosing, checkIn).post("/check-in").then().statusCode(200).body("state", equalTo("CHECKED_IN"));
        return new Checked(dosing, device.getString("deviceId"), device.getString("token"));
    }

    private String gated() {
        String id = checkedIn().id();
        reading(id, 131, 83, 75, 97);
        step(id, null).post("/gate").then().statusCode(200).body("state", equalTo("PRE_DOSE_CHECK"));
        return id;
    }

    private String dosed() {
        String id = gated();
        step(id, null).post("/dose").then().statusCode(200).body("state", equalTo("DOSE_AUTHORIZED"));
        step(id, null).post("/tablet-taken").then().statusCode(200).body("state", equalTo("DOSED"));
        return id;
    }

    static EventEnvelope<ReadingRecorded> readingEvent(String sessionId, int systolic, int diastolic, Integer heartRate,
                                                       Integer spo2) {
        Instant at = SettableClock.now().truncatedTo(ChronoUnit.MILLIS);
        return EventEnvelope.wrap(ReadingRecorded.TYPE, sessionId, new ReadingRecorded("r-" + UUID.randomUUID(), sessionId,
                "device-1", systolic, diastolic, heartRate, spo2, at, at), Clock.systemUTC());
    }

    static EventEnvelope<SitterCheckedIn> sitterEvent(String sessionId, int moaas, boolean present) {
        Instant at = SettableClock.now().truncatedTo(ChronoUnit.MILLIS);
        return EventEnvelope.wrap(SitterCheckedIn.TYPE, sessionId, new SitterCheckedIn("c-" + UUID.randomUUID(), null,
                sessionId, "sitter-phone", moaas, present, at, at), Clock.systemUTC());
    }

    static EventEnvelope<PatientCheckedIn> patientEvent(String sessionId, boolean ok) {
        Instant at = SettableClock.now().truncatedTo(ChronoUnit.MILLIS);
        return EventEnvelope.wrap(PatientCheckedIn.TYPE, sessionId, new PatientCheckedIn("c-" + UUID.randomUUID(), null,
                sessionId, "device-1", 0, 0, 0, 0, 1, ok, at, at), Clock.systemUTC());
    }

    /** Publishes an observation on vitals.observations and waits until the console feed holds it. */
    static void observed(String sessionId, EventEnvelope<?> event) {
        TopicProbe.send(Topics.VITALS_OBSERVATIONS, sessionId, EventJson.write(event));
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM console_feed WHERE event_id = ?1", event.eventId()) == 1);
    }

    /** A reading both the latest-reading projection and the console feed hold. */
    private static void reading(String sessionId, int systolic, int diastolic, Integer heartRate, Integer spo2) {
        EventEnvelope<ReadingRecorded> event = readingEvent(sessionId, systolic, diastolic, heartRate, spo2);
        observed(sessionId, event);
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM latest_measure WHERE session_id = ?1 "
                + "AND measure = 'blood-pressure' AND measured_at = ?2", UUID.fromString(sessionId),
                event.payload().measuredAt()) == 1);
    }

    /** Publishes an alert as alerting would on alerts.events and waits until the console holds that version. */
    private void alert(String sessionId, UUID alertId, String rule, String severity, String status, long version) {
        EventType<AlertSnapshot> type = switch (status) {
            case "RESOLVED" -> AlertSnapshot.RESOLVED;
            case "ACKNOWLEDGED" -> AlertSnapshot.ACKNOWLEDGED;
            default -> AlertSnapshot.RAISED;
        };
        Instant now = SettableClock.now();
        AlertSnapshot a = new AlertSnapshot(alertId, sessionId, patientId, clinicianId, rule, severity, status, rule + " fired",
                "x", "x", 1, 0, now, now, 0, status.equals("ACKNOWLEDGED") ? clinicianId : null,
                status.equals("ACKNOWLEDGED") ? now : null, null, status.equals("RESOLVED") ? clinicianId : null,
                status.equals("RESOLVED") ? now : null, status.equals("RESOLVED") ? "settled" : null, version);
        TopicProbe.send(Topics.ALERTS_EVENTS, sessionId, EventJson.write(EventEnvelope.wrap(type, sessionId, a,
                Clock.systemUTC())));
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM console_alert WHERE alert_id = ?1 AND version = ?2",
                alertId, version) == 1);
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

    private String state(String sessionId) {
        return asClinician().get("/sessions/{id}", sessionId).then().statusCode(200).extract().path("state");
    }

    @Test
    void shouldRefuseTheDoseWhenACrisisReadingArrivesAfterTheGatePassed() {
        String id = gated();
        reading(id, 186, 122, 96, 97);

        step(id, null).post("/dose").then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("cannot authorize the dose"))
                .body("violations.field", hasItem("dose"))
                .body("violations.rule", hasItem(containsString("BP 186/122")));
        assertThat(state(id)).isEqualTo("PRE_DOSE_CHECK");

        reading(id, 132, 84, 76, 93);
        step(id, null).post("/dose").then().statusCode(409).body("violations.rule", hasItem(containsString("SpO2 93 %")));
        reading(id, 132, 84, 76, 96);
        step(id, null).post("/dose").then().statusCode(200).body("state", equalTo("DOSE_AUTHORIZED"))
                .body("history[-1].reason", containsString("BP 132/84"));
    }

    @Test
    void shouldRefuseTheDoseWhileAWarningAlertIsUnresolvedAndNameIt() {
        String id = gated();
        UUID alertId = UUID.randomUUID();
        alert(id, alertId, "bp-rise", "WARNING", "OPEN", 1);

        step(id, null).post("/dose").then().statusCode(409)
                .body("violations.rule", hasItem("alert bp-rise (WARNING, OPEN) is unresolved"));
        alert(id, alertId, "bp-rise", "WARNING", "ACKNOWLEDGED", 2);
        step(id, null).post("/dose").then().statusCode(409)
                .body("violations.rule", hasItem("alert bp-rise (WARNING, ACKNOWLEDGED) is unresolved"));
        assertThat(state(id)).isEqualTo("PRE_DOSE_CHECK");

        alert(id, alertId, "bp-rise", "WARNING", "RESOLVED", 3);
        alert(id, UUID.randomUUID(), "device-note", "INFO", "OPEN", 1);
        step(id, null).post("/dose").then().statusCode(200).body("state", equalTo("DOSE_AUTHORIZED"));
    }

    @Test
    void shouldOfferTheDoseDisabledOnTheConsoleWithTheReasonTheStepIsRefusedWith() {
        String id = gated();
        UUID alertId = UUID.randomUUID();
        alert(id, alertId, "bp-crisis", "CRITICAL", "OPEN", 1);
        java.util.function.Supplier<RequestSpecification> console = () -> given()
                .cookie("console_token", DevTokens.forConsole(clinicianId, Roles.CLINICIAN))
                .header("X-Console-Request", "1").contentType(ContentType.JSON);
        String reason = "cannot authorize the dose: alert bp-crisis (CRITICAL, OPEN) is unresolved";

        console.get().get("/console/api/sessions/{id}", id).then().statusCode(200)
                .body("actions.step", equalTo(List.of("dose", "abort")))
                .body("actions[0].allowed", equalTo(false)).body("actions[0].reason", equalTo(reason))
                .body("actions[0].reasons", equalTo(List.of("alert bp-crisis (CRITICAL, OPEN) is unresolved")))
                .body("actions[1].allowed", equalTo(true));
        console.get().get("/console/api/sessions/{id}/steps", id).then().statusCode(200)
                .body("find { it.step == 'dose' }.reason", equalTo(reason));
        console.get().body("{}").post("/console/api/sessions/{id}/steps/dose", id).then().statusCode(409)
                .contentType("application/problem+json").body("detail", equalTo(reason))
                .body("violations.rule", equalTo(List.of("alert bp-crisis (CRITICAL, OPEN) is unresolved")));
        step(id, null).post("/dose").then().statusCode(409).body("detail", equalTo(reason));
        assertThat(state(id)).isEqualTo("PRE_DOSE_CHECK");

        // On-call staff not paged for the session: refused, as the session is.
        given().cookie("console_token", DevTokens.forConsole("nurse-" + clinicianId, Roles.ON_CALL))
                .get("/console/api/sessions/{id}/steps", id).then().statusCode(403);

        alert(id, alertId, "bp-crisis", "CRITICAL", "RESOLVED", 2);
        console.get().get("/console/api/sessions/{id}", id).then().statusCode(200)
                .body("actions[0].step", equalTo("dose")).body("actions[0].allowed", equalTo(true))
                .body("actions[0].reason", org.hamcrest.Matchers.nullValue());
        console.get().body("{}").post("/console/api/sessions/{id}/steps/dose", id).then().statusCode(200)
                .body("state", equalTo("DOSE_AUTHORIZED"));
    }

    @Test
    void shouldRefuseTheDoseWhenTheSittersLatestCheckInSaysAbsent() {
        String id = gated();
        observed(id, sitterEvent(id, 5, false));

        step(id, null).post("/dose").then().statusCode(409)
                .body("violations.rule", hasItem(containsString("says they are not present")));
        observed(id, sitterEvent(id, 5, true));
        step(id, null).post("/dose").then().statusCode(200).body("state", equalTo("DOSE_AUTHORIZED"));
    }

    @Test
    void shouldSendAnExpiredGateAndAnExpiredAuthorizationBackToCheckedIn() {
        String id = gated();
        String expires = asClinician().get("/sessions/{id}", id).then().statusCode(200)
                .body("gateExpiresAt", notNullValue()).extract().path("gateExpiresAt");
        SettableClock.advance(Duration.ofMinutes(15));

        // The sweep (every 5 s) moves it, recorded and published like every step.
        await().atMost(WAIT).until(() -> "CHECKED_IN".equals(state(id)));
        asClinician().get("/sessions/{id}", id).then().body("history[-1].actor", equalTo("system"))
                .body("history[-1].reason", containsString("gate result expired")).body("gateExpiresAt", equalTo(null));
        SessionChanged back = EventJson.read(TopicProbe.awaitRecords(Topics.SESSIONS_LIFECYCLE, r -> id.equals(r.key())
                && r.value().contains("gate result expired"), WAIT).get(0).value(), SessionChanged.TYPE).payload();
        assertThat(back.fromState()).isEqualTo("PRE_DOSE_CHECK");
        assertThat(back.state()).isEqualTo("CHECKED_IN");
        assertThat(Instant.parse(expires)).isBefore(SettableClock.now().plusMillis(1));

        reading(id, 130, 82, 74, 97);
        step(id, null).post("/gate").then().statusCode(200).body("state", equalTo("PRE_DOSE_CHECK"));
        step(id, null).post("/dose").then().statusCode(200).body("authorizationExpiresAt", notNullValue());
        SettableClock.advance(Duration.ofMinutes(15));

        // Asked at once: applied before the step if the sweep has not got there yet; either way refused.
        step(id, null).post("/tablet-taken").then().statusCode(409);
        asClinician().get("/sessions/{id}", id).then().body("state", equalTo("CHECKED_IN")).body("dosedAt", equalTo(null))
                .body("history.reason", hasItem(containsString("dose authorization expired")));
    }

    @Test
    void shouldTakeTheTabletOnlyFromTheSessionsClinicianOrItsPairedMonitor() {
        Checked c = checkedIn();
        reading(c.id(), 131, 83, 75, 97);
        step(c.id(), null).post("/gate").then().statusCode(200);
        step(c.id(), null).post("/dose").then().statusCode(200);

        given().auth().oauth2(DevTokens.forRole(Roles.CLINICIAN)).contentType(ContentType.JSON).body("{}")
                .post("/sessions/{id}/tablet-taken", c.id()).then().statusCode(403);
        // The device endpoint: staff tokens, another session's monitor and the sitter's phone are refused.
        given().auth().oauth2(DevTokens.forRole(Roles.CLINICIAN)).post("/sessions/{id}/devices/tablet-taken", c.id())
                .then().statusCode(401);
        given().post("/sessions/{id}/devices/tablet-taken", c.id()).then().statusCode(401);
        String otherSession = book("PREPARATION", Duration.ofHours(6));
        String otherMonitor = asClinician().body("{\"role\": \"patient-device\", \"label\": \"cuff\"}")
                .post("/sessions/{id}/devices", otherSession).then().statusCode(201).extract().path("token");
        given().auth().oauth2(otherMonitor).post("/sessions/{id}/devices/tablet-taken", c.id()).then().statusCode(403);
        String sitter = asClinician().body("{\"role\": \"sitter\", \"label\": \"phone\"}")
                .post("/sessions/{id}/devices", c.id()).then().statusCode(201).extract().path("token");
        given().auth().oauth2(sitter).post("/sessions/{id}/devices/tablet-taken", c.id()).then().statusCode(403);
        assertThat(state(c.id())).isEqualTo("DOSE_AUTHORIZED");
        assertThatThrownBy(() -> runSession.tabletTakenOnDevice(UUID.fromString(c.id()), UUID.randomUUID().toString()))
                .isInstanceOf(ProblemException.class).hasMessageContaining("paired patient device");

        JsonPath dosed = given().auth().oauth2(c.deviceToken()).post("/sessions/{id}/devices/tablet-taken", c.id())
                .then().statusCode(200).extract().jsonPath();
        given().auth().oauth2(c.deviceToken()).post("/sessions/{id}/devices/tablet-taken", c.id()).then().statusCode(409);

        assertThat(dosed.getString("state")).isEqualTo("DOSED");
        assertThat(dosed.getString("dosedAt")).isNotNull();
        assertThat(dosed.getString("tabletConfirmedBy")).isEqualTo("the patient's device " + c.deviceId());
        assertThat(dosed.getList("history.actor", String.class)).last().isEqualTo("device:" + c.deviceId());
    }

    @Test
    void shouldEndASessionAbortedBeforeTheTabletButKeepOneAbortedAfterItMonitoredUntilHandover() {
        String before = gated();
        step(before, null).post("/dose").then().statusCode(200);
        step(before, "{\"reason\": \"patient changed their mind\"}").post("/abort").then().statusCode(200)
                .body("state", equalTo("ABORTED"));

        String after = book("DOSING", Duration.ofDays(4));
        String device = asClinician().body("{\"role\": \"patient-device\", \"label\": \"cuff\"}")
                .post("/sessions/{id}/devices", after).then().statusCode(201).extract().path("deviceId");
        assertThat(device).isNotNull();
        step(after, "{\"patientOnline\": true, \"sitterName\": \"Sam Rivera\", \"dosingAddress\": {\"street\": \"12 Oak St\", \"city\": \"Oakland\", \"region\": \"CA\", \"postalCode\": \"94607\", \"country\": \"US\"}}").post("/check-in").then().statusCode(200);
        reading(after, 131, 83, 75, 97);
        step(after, null).post("/gate").then().statusCode(200);
        step(after, null).post("/dose").then().statusCode(200);
        step(after, null).post("/tablet-taken").then().statusCode(200);
        step(after, "{\"reason\": \"patient distressed, wants to stop\"}").post("/abort").then().statusCode(200)
                .body("state", equalTo("ENDED_EARLY")).body("nextSteps", equalTo(List.of("discharge", "handover")));
        assertThat(TopicProbe.awaitRecords(Topics.SESSIONS_LIFECYCLE, r -> after.equals(r.key())
                && r.value().contains("\"state\":\"ENDED_EARLY\""), WAIT)).isNotEmpty();
        step(after, "{\"reason\": \"tidy up\"}").post("/cancel").then().statusCode(409)
                .body("detail", containsString("abort keeps the patient monitored"));

        step(after, "{}").post("/handover").then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", hasItems("reason", "called", "calledAt"));
        step(after, "{\"called\": \"911\", \"calledAt\": \"" + SettableClock.now().plus(Duration.ofMinutes(5))
                + "\", \"reason\": \"SpO2 falling\"}").post("/handover").then().statusCode(400)
                .body("violations[0].field", equalTo("calledAt"));
        assertThat(state(after)).isEqualTo("ENDED_EARLY");
        assertThat(count("SELECT count(*) FROM session_handover WHERE session_id = ?1", UUID.fromString(after))).isZero();

        Instant called = SettableClock.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
        step(after, "{\"called\": \"EMS unit 12\", \"calledAt\": \"" + called + "\", \"reason\": \"SpO2 falling\"}")
                .post("/handover").then().statusCode(200).body("state", equalTo("HANDED_OVER"))
                .body("history[-1].reason", equalTo("handed over to EMS unit 12 (called at " + called + "): SpO2 falling"))
                .body("nextSteps", equalTo(List.of()));
        assertThat(count("SELECT count(*) FROM session_handover WHERE session_id = ?1 AND called = 'EMS unit 12' "
                + "AND called_at = ?2 AND recorded_by = ?3", UUID.fromString(after), called, clinicianId)).isEqualTo(1);
    }

    @Test
    void shouldDischargeAnEndedEarlySessionOnTheDataWithAWrittenOverrideButNeverBeforeTheFloor() {
        String id = dosed();
        step(id, null).post("/monitoring").then().statusCode(200);
        step(id, "{\"reason\": \"patient asked to stop\"}").post("/abort").then().statusCode(200)
                .body("state", equalTo("ENDED_EARLY"));

        step(id, "{\"overrides\": [{\"criterion\": \"floor\", \"reason\": \"patient feels fine\"}]}").post("/discharge")
                .then().statusCode(400).body("violations[0].rule", equalTo("the monitoring floor cannot be overridden"));
        step(id, null).post("/discharge").then().statusCode(409).body("detail", containsString("120 minutes"));
        SettableClock.advance(Duration.ofMinutes(121));
        reading(id, 138, 88, 80, 96);
        observed(id, patientEvent(id, true));
        observed(id, sitterEvent(id, 4, true));

        asClinician().get("/sessions/{id}/discharge", id).then().statusCode(200).body("allMet", equalTo(false))
                .body("criteria.find { it.criterion == 'sitter' }.met", equalTo(false))
                .body("criteria.find { it.criterion == 'sitter' }.figures", containsString("MOAA/S 4 of 5"))
                .body("criteria.find { it.criterion == 'vitals' }.met", equalTo(true))
                .body("criteria.find { it.criterion == 'floor' }.overridable", equalTo(false));
        step(id, null).post("/discharge").then().statusCode(409).body("violations.rule", hasItem(containsString("sitter not met")));
        step(id, "{\"overrides\": [{\"criterion\": \"sitter\", \"reason\": \" \"}]}").post("/discharge").then().statusCode(400)
                .body("violations[0].field", equalTo("overrides[0].reason"));
        assertThat(state(id)).isEqualTo("ENDED_EARLY");

        step(id, "{\"overrides\": [{\"criterion\": \"sitter\", \"reason\": \"talking clearly on video, sitter unsure\"}]}")
                .post("/discharge").then().statusCode(200).body("state", equalTo("ABORTED"))
                .body("history[-1].reason", containsString("ended early (patient asked to stop)"))
                .body("history[-1].reason", containsString("talking clearly on video"));
        assertThat(count("SELECT count(*) FROM discharge_override WHERE session_id = ?1 AND criterion = 'sitter' "
                + "AND to_state = 'ABORTED' AND figures LIKE '%MOAA/S 4%'", UUID.fromString(id))).isEqualTo(1);

        // The dose was taken: it counts for the spacing although the session ended ABORTED.
        given().auth().oauth2(DevTokens.forRole(Roles.SCHEDULER)).contentType(ContentType.JSON).body("""
                        {"patientId": "%s", "clinicianId": "%s", "type": "DOSING", "start": "%s"}"""
                        .formatted(patientId, clinicianId, SettableClock.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS)))
                .post("/sessions").then().statusCode(409).body("violations.rule", hasItem("doses must be at least 3 days apart"));
    }

    @Test
    void shouldRecoverOnTheDataAndRefuseToCompleteWhileACriticalAlertIsUnresolved() {
        String id = dosed();
        step(id, null).post("/monitoring").then().statusCode(200);
        SettableClock.advance(Duration.ofMinutes(121));
        reading(id, 128, 80, 70, 97);
        observed(id, patientEvent(id, true));
        observed(id, sitterEvent(id, 5, true));
        step(id, null).post("/recovery").then().statusCode(200).body("state", equalTo("RECOVERED"));

        UUID alertId = UUID.randomUUID();
        alert(id, alertId, "spo2-critical", "CRITICAL", "ACKNOWLEDGED", 1);
        step(id, null).post("/complete").then().statusCode(409)
                .body("violations.rule", hasItem("alert spo2-critical (CRITICAL, ACKNOWLEDGED) is unresolved"));
        assertThat(state(id)).isEqualTo("RECOVERED");
        alert(id, alertId, "spo2-critical", "CRITICAL", "RESOLVED", 2);
        step(id, null).post("/complete").then().statusCode(200).body("state", equalTo("COMPLETED"));
    }

    @Test
    void shouldShowTheDischargeProposalOnlyToTheSessionsClinician() {
        String id = dosed();

        given().get("/sessions/{id}/discharge", id).then().statusCode(401);
        given().auth().oauth2(DevTokens.forRole(Roles.CLINICIAN)).get("/sessions/{id}/discharge", id).then().statusCode(403);
        given().auth().oauth2(DevTokens.forRole(Roles.SCHEDULER)).get("/sessions/{id}/discharge", id).then().statusCode(403);
        asClinician().get("/sessions/{id}/discharge", id).then().statusCode(200)
                .body("criteria.criterion", equalTo(List.of("vitals", "sitter", "patient", "alerts", "floor")));
        assertThat(count("SELECT count(*) FROM read_audit WHERE actor = ?1 AND action = 'session.discharge.read' "
                + "AND session_id = ?2", clinicianId, id)).isEqualTo(1);
        String conversation = book("INTEGRATION", Duration.ofDays(1));
        asClinician().get("/sessions/{id}/discharge", conversation).then().statusCode(409)
                .body("detail", containsString("No tablet has been taken"));
    }

    // --- The dosing address: confirmed for the session before the dose -------------------------------

    @Test
    void shouldRefuseTheDoseUntilTheDosingAddressIsConfirmedForTheSessionAndChangeNothing() {
        String id = checkedIn("{\"patientOnline\": true, \"sitterName\": \"Sam Rivera\"}").id();
        reading(id, 131, 83, 75, 97);
        step(id, null).post("/gate").then().statusCode(200).body("state", equalTo("PRE_DOSE_CHECK"));

        step(id, null).post("/dose").then().statusCode(409).contentType("application/problem+json")
                .body("violations.field", hasItem("dose"))
                .body("violations.rule", hasItem(containsString("dosing address is not confirmed")));
        asClinician().get("/sessions/{id}", id).then().statusCode(200)
                .body("state", equalTo("PRE_DOSE_CHECK")).body("authorizationExpiresAt", equalTo(null))
                .body("dosingAddress", equalTo(null)).body("history.to", org.hamcrest.Matchers.not(hasItem("DOSE_AUTHORIZED")));
        assertThat(count("SELECT count(*) FROM session WHERE id = ?1 AND dose_authorized_at IS NULL "
                + "AND address_confirmed_at IS NULL", UUID.fromString(id))).isEqualTo(1);

        // Nothing on file to confirm: today's address must be given.
        step(id, "{\"addressConfirmed\": true}").post("/dosing-address").then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("No dosing address is on file"));
        step(id, "{\"dosingAddress\": " + TODAYS_ADDRESS + "}").post("/dosing-address").then().statusCode(200)
                .body("state", equalTo("PRE_DOSE_CHECK"))
                .body("dosingAddress.address.emergencyNumber", equalTo("911"))
                .body("dosingAddress.confirmedBy", equalTo(clinicianId))
                .body("dosingAddress.confirmedAt", notNullValue());
        SessionChanged confirmed = EventJson.read(TopicProbe.awaitRecords(Topics.SESSIONS_LIFECYCLE, r -> id.equals(r.key())
                && r.value().contains("ADDRESS_CONFIRMED"), WAIT).get(0).value(), SessionChanged.TYPE).payload();
        assertThat(confirmed.dosingAddress().address().oneLine()).isEqualTo("12 Oak St, Oakland, CA 94607, US");
        assertThat(confirmed.dosingAddress().confirmedBy()).isEqualTo(clinicianId);

        step(id, null).post("/dose").then().statusCode(200).body("state", equalTo("DOSE_AUTHORIZED"));
        step(id, "{\"addressConfirmed\": true}").post("/dosing-address").then().statusCode(409)
                .body("detail", containsString("before the dose is authorized"));
    }

    @Test
    void shouldConfirmThePlansAddressAtCheckInAndPublishItWithTheCheckIn() {
        SessionLifecycleTest.approvePlan(patientId, "CA", Instant.now(), null, new care.ketamine.contracts.intake.DosingAddress(
                "9 Elm Rd", "Portland", "OR", "97201", "US", "side door", "911"));
        String id = checkedIn("{\"patientOnline\": true, \"sitterName\": \"Sam Rivera\", \"addressConfirmed\": true}").id();

        asClinician().get("/sessions/{id}", id).then().statusCode(200)
                .body("dosingAddress.address.street", equalTo("9 Elm Rd"))
                .body("dosingAddress.address.accessNotes", equalTo("side door"))
                .body("dosingAddress.confirmedBy", equalTo(clinicianId));
        SessionChanged checkedIn = EventJson.read(TopicProbe.awaitRecords(Topics.SESSIONS_LIFECYCLE, r -> id.equals(r.key())
                && r.value().contains("\"change\":\"CHECKED_IN\""), WAIT).get(0).value(), SessionChanged.TYPE).payload();
        assertThat(checkedIn.dosingAddress().confirmed()).isTrue();
        assertThat(checkedIn.dosingAddress().address().city()).isEqualTo("Portland");

        reading(id, 131, 83, 75, 97);
        step(id, null).post("/gate").then().statusCode(200);
        step(id, null).post("/dose").then().statusCode(200).body("state", equalTo("DOSE_AUTHORIZED"));
    }

    @Test
    void shouldRefuseABadAddressTheWrongSessionOrCallerAndChangeNothing() {
        String prep = book("PREPARATION", Duration.ofHours(1));
        step(prep, null).post("/complete").then().statusCode(200);
        String dosing = book("DOSING", Duration.ofHours(3));
        asClinician().body("{\"role\": \"patient-device\", \"label\": \"cuff\"}").post("/sessions/{id}/devices", dosing)
                .then().statusCode(201);
        for (String bad : List.of(TODAYS_ADDRESS.replace("\"US\"", "\"USA\""), TODAYS_ADDRESS.replace("12 Oak St", "s".repeat(201)),
                TODAYS_ADDRESS.replace("\"city\": \"Oakland\", ", ""))) {
            step(dosing, "{\"patientOnline\": true, \"sitterName\": \"Sam Rivera\", \"dosingAddress\": " + bad + "}")
                    .post("/check-in").then().statusCode(400).contentType("application/problem+json")
                    .body("violations.field", hasItem(org.hamcrest.Matchers.startsWith("dosingAddress.")));
        }
        step(dosing, "{\"addressConfirmed\": true}").post("/dosing-address").then().statusCode(409)
                .body("detail", containsString("SCHEDULED"));
        asClinician().get("/sessions/{id}", dosing).then().body("state", equalTo("SCHEDULED")).body("dosingAddress", equalTo(null));

        step(dosing, "{\"patientOnline\": true, \"sitterName\": \"Sam Rivera\"}").post("/check-in").then().statusCode(200);
        step(dosing, "{}").post("/dosing-address").then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", hasItem("addressConfirmed"));
        step(dosing, "{\"dosingAddress\": " + TODAYS_ADDRESS.replace("\"US\"", "\"ZZ\"") + "}").post("/dosing-address")
                .then().statusCode(400).body("violations.field", hasItem("dosingAddress.country"));
        given().auth().oauth2(DevTokens.sign("dr-other", Roles.CLINICIAN, null, Duration.ofHours(1))).contentType(ContentType.JSON)
                .body("{\"addressConfirmed\": true}").post("/sessions/{id}/dosing-address", dosing).then().statusCode(403);
        given().auth().oauth2(DevTokens.forRole(Roles.SCHEDULER)).contentType(ContentType.JSON)
                .body("{\"dosingAddress\": " + TODAYS_ADDRESS + "}").post("/sessions/{id}/dosing-address", dosing)
                .then().statusCode(403);
        given().auth().oauth2(DevTokens.forRole(Roles.ON_CALL)).contentType(ContentType.JSON)
                .body("{\"dosingAddress\": " + TODAYS_ADDRESS + "}").post("/sessions/{id}/dosing-address", dosing)
                .then().statusCode(403);
        asClinician().body("{\"dosingAddress\": " + TODAYS_ADDRESS + "}")
                .post("/sessions/{id}/dosing-address", UUID.randomUUID()).then().statusCode(404);
        assertThat(count("SELECT count(*) FROM session WHERE id = ?1 AND dosing_address IS NULL "
                + "AND address_confirmed_at IS NULL", UUID.fromString(dosing))).isEqualTo(1);
    }
}
