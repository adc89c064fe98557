package care.ketamine.session.console;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.EventType;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.alerts.AlertSnapshot;
import care.ketamine.contracts.alerts.NotificationOutcome;
import care.ketamine.contracts.security.Roles;
import care.ketamine.contracts.vitals.CheckInPrompted;
import care.ketamine.contracts.vitals.DeviceKinds;
import care.ketamine.contracts.vitals.PatientCheckedIn;
import care.ketamine.contracts.vitals.ReadingRecorded;
import care.ketamine.session.lifecycle.SessionRecord;
import care.ketamine.testsupport.DevTokens;
import care.ketamine.testsupport.EventStreamProbe;
import care.ketamine.testsupport.RealInfrastructure;
import care.ketamine.testsupport.SettableClock;
import care.ketamine.testsupport.TopicProbe;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The central station over the console's projections: who sees which sessions, in which order, with the newest
 * vitals, their trend, the check-ins and the unresolved alerts; and who is refused.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class CentralStationTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @Inject
    EntityManager entityManager;

    @TestHTTPResource("/console/api/station/stream")
    URI stream;

    @Test
    void shouldShowTheClinicansLiveSessionsMostUrgentFirstWithTheirVitalsTrendCheckInsAndAlerts() {
        String clinician = "dr-station-" + UUID.randomUUID().toString().substring(0, 8);
        Instant now = SettableClock.now();
        String calmRecent = session(clinician, "MONITORING", now.minus(Duration.ofMinutes(10)));
        String calmEarlier = session(clinician, "MONITORING", now.minus(Duration.ofMinutes(50)));
        String warned = session(clinician, "MONITORING", now.minus(Duration.ofMinutes(90)));
        String critical = session(clinician, "MONITORING", now.minus(Duration.ofMinutes(100)));
        String notDosed = session(clinician, "CHECKED_IN", null);
        String completed = session(clinician, "COMPLETED", now.minus(Duration.ofHours(3)));
        String someoneElses = session("dr-other-" + UUID.randomUUID(), "MONITORING", now.minus(Duration.ofMinutes(5)));

        // Two minutes of readings: the cuff once a minute, the oximeter dipping to 88 in the second minute.
        Instant minuteAgo = now.truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(1));
        observe(ReadingRecorded.TYPE, calmRecent, cuff(calmRecent, 138, 84, minuteAgo.plusSeconds(5)));
        observe(ReadingRecorded.TYPE, calmRecent, cuff(calmRecent, 132, 80, minuteAgo.plusSeconds(65)));
        observe(ReadingRecorded.TYPE, calmRecent, oximeter(calmRecent, 96, minuteAgo.plusSeconds(10)));
        observe(ReadingRecorded.TYPE, calmRecent, oximeter(calmRecent, 88, minuteAgo.plusSeconds(70)));
        observe(ReadingRecorded.TYPE, calmRecent, oximeter(calmRecent, 94, minuteAgo.plusSeconds(75)));
        // A patient prompt, answered "not OK".
        String promptId = "prompt-" + UUID.randomUUID();
        observe(CheckInPrompted.TYPE, calmRecent, new CheckInPrompted(promptId, calmRecent, "patient", 1, now.minusSeconds(30),
                now.minusSeconds(30)));
        observe(PatientCheckedIn.TYPE, calmRecent, new PatientCheckedIn("c-" + UUID.randomUUID(), promptId, calmRecent, "phone",
                2, 1, 1, 3, 2, false, now.minusSeconds(20), now.minusSeconds(20)));
        alert(warned, "bp-high", "WARNING", "OPEN", 1);
        UUID crisis = alert(critical, "bp-crisis", "CRITICAL", "OPEN", 1);
        alert(someoneElses, "bp-crisis", "CRITICAL", "OPEN", 1);

        JsonPath station = await().atMost(WAIT).until(() -> station(clinician, Roles.CLINICIAN),
                s -> s.getInt("tiles.find { it.sessionId == '" + calmRecent + "' }.trend.size()") == 2
                        && s.get("tiles.find { it.sessionId == '" + calmRecent + "' }.checkIns.patientOk") != null);
        assertThat(station.getList("tiles.sessionId", String.class)).as("most urgent first, then the most recent dose")
                .containsExactly(critical, warned, calmRecent, calmEarlier, notDosed)
                .doesNotContain(completed, someoneElses);

        String tile = "tiles.find { it.sessionId == '" + calmRecent + "' }.";
        assertThat(station.getInt(tile + "bloodPressure.systolic")).isEqualTo(132);
        assertThat(station.getInt(tile + "oxygen.spo2")).as("the newest SpO2").isEqualTo(94);
        assertThat(station.getList(tile + "trend.systolic", Integer.class)).containsExactly(138, 132);
        assertThat(station.getList(tile + "trend.spo2", Integer.class)).as("the lowest of each minute").containsExactly(96, 88);
        assertThat(station.getBoolean(tile + "checkIns.promptAnswered")).isTrue();
        assertThat(station.getBoolean(tile + "checkIns.patientOk")).isFalse();
        assertThat(Instant.parse(station.getString(tile + "floorEndsAt")))
                .isEqualTo(Instant.parse(station.getString(tile + "dosedAt")).plus(Duration.ofMinutes(120)));
        assertThat(station.getString("tiles.find { it.sessionId == '" + critical + "' }.urgency")).isEqualTo("CRITICAL");
        assertThat(station.getString("tiles.find { it.sessionId == '" + critical + "' }.alerts[0].alertId"))
                .isEqualTo(crisis.toString());
        assertThat(station.getString("tiles.find { it.sessionId == '" + notDosed + "' }.floorEndsAt")).isNull();
        assertThat(station.getLong("checkInMissedAfterMillis")).as("alerting's limit for a missed prompt, unscaled here")
                .isEqualTo(CheckInPrompted.MISSED_AFTER.toMillis()).isEqualTo(300_000);
        assertThat(audits(clinician)).isPositive();

        // Acknowledged, the crisis stays first (still CRITICAL) but no longer ahead of an unacknowledged CRITICAL.
        alert(critical, "bp-crisis", "CRITICAL", "ACKNOWLEDGED", 2);
        String later = session(clinician, "MONITORING", now.minus(Duration.ofMinutes(1)));
        alert(later, "spo2-low", "CRITICAL", "OPEN", 1);
        await().atMost(WAIT).untilAsserted(() -> assertThat(station(clinician, Roles.CLINICIAN).getList("tiles.sessionId", String.class))
                .startsWith(later, critical, warned));
    }

    @Test
    void shouldShowOnCallStaffOnlyTheSessionsPagedToThemAndAdminsEveryLiveSession() {
        String clinician = "dr-station-" + UUID.randomUUID().toString().substring(0, 8);
        String nurse = "nurse-" + UUID.randomUUID().toString().substring(0, 8);
        Instant now = SettableClock.now();
        String paged = session(clinician, "MONITORING", now.minus(Duration.ofMinutes(30)));
        String notPaged = session(clinician, "MONITORING", now.minus(Duration.ofMinutes(20)));
        UUID alertId = alert(paged, "bp-crisis", "CRITICAL", "OPEN", 1);
        alert(notPaged, "bp-high", "WARNING", "OPEN", 1);
        TopicProbe.send(Topics.ALERTS_EVENTS, paged, EventJson.write(EventEnvelope.wrap(NotificationOutcome.SENT, paged,
                new NotificationOutcome(UUID.randomUUID(), alertId, paged, 1, "PAGE", nurse, Roles.ON_CALL, "sms", 1, null,
                        Instant.now()), Clock.systemUTC())));

        await().atMost(WAIT).untilAsserted(() -> assertThat(station(nurse, Roles.ON_CALL).getList("tiles.sessionId", String.class))
                .containsExactly(paged));
        assertThat(station("admin-" + UUID.randomUUID(), Roles.ADMIN).getList("tiles.sessionId", String.class))
                .contains(paged, notPaged);
    }

    @Test
    void shouldRefuseTheStationToAnyoneButSignedInStaff() {
        given().get("/console/api/station").then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(DevTokens.forSession(Roles.PATIENT_DEVICE, "s-1")).get("/console/api/station").then().statusCode(401);
        for (String role : List.of(Roles.SCHEDULER, Roles.INTAKE, Roles.PATIENT_DEVICE, Roles.SITTER)) {
            console("someone-" + role, role).get("/console/api/station").then().statusCode(403);
        }
        given().redirects().follow(false).get("/console/station").then().statusCode(303);
    }

    @Test
    void shouldSendTheStationLiveWhenOneOfItsTilesChangesAndSayTheStreamIsAlive() throws Exception {
        String clinician = "dr-live-" + UUID.randomUUID().toString().substring(0, 8);
        Instant now = SettableClock.now();
        String watched = session(clinician, "MONITORING", now.minus(Duration.ofMinutes(15)));
        String someoneElses = session("dr-other-" + UUID.randomUUID(), "MONITORING", now.minus(Duration.ofMinutes(5)));
        try (EventStreamProbe live = EventStreamProbe.open(stream, cookie(clinician, Roles.CLINICIAN))) {
            String first = live.awaitEvent("station", watched, WAIT);
            assertThat(first).doesNotContain(someoneElses);
            assertThat(audits(clinician, "console.station.stream")).as("the stream's opening, audited once").isEqualTo(1);

            observe(ReadingRecorded.TYPE, watched, cuff(watched, 187, 111, SettableClock.now()));
            String changed = live.awaitEvent("station", "\"systolic\":187", WAIT);
            assertThat(JsonPath.from(changed).getString("tiles[0].sessionId")).isEqualTo(watched);

            // An alarm on it: the tile turns CRITICAL on the stream.
            alert(watched, "bp-crisis", "CRITICAL", "OPEN", 1);
            assertThat(JsonPath.from(live.awaitEvent("station", "\"urgency\":\"CRITICAL\"", WAIT)).getString("tiles[0].sessionId"))
                    .isEqualTo(watched);

            // A session joining the station (a new one of mine) arrives without a reading of a session already on it.
            String joining = session(clinician, "MONITORING", now.minus(Duration.ofMinutes(1)));
            observe(ReadingRecorded.TYPE, joining, cuff(joining, 121, 79, SettableClock.now()));
            assertThat(live.awaitEvent("station", joining, WAIT)).contains(watched).doesNotContain(someoneElses);

            // Between changes the stream says it is alive, with the server's time.
            assertThat(Instant.parse(live.awaitEvent("alive", "", WAIT))).isNotNull();
            assertThat(audits(clinician, "console.station.stream")).isEqualTo(1);
        }
    }

    @Test
    void shouldPutASessionOnAnOnCallNursesLiveStationWhenTheyArePagedForIt() throws Exception {
        String nurse = "nurse-paged-" + UUID.randomUUID().toString().substring(0, 8);
        String paged = session("dr-station-" + UUID.randomUUID().toString().substring(0, 8), "MONITORING",
                SettableClock.now().minus(Duration.ofMinutes(20)));
        UUID alertId = alert(paged, "device-silent", "CRITICAL", "OPEN", 1);
        try (EventStreamProbe live = EventStreamProbe.open(stream, cookie(nurse, Roles.ON_CALL))) {
            assertThat(live.awaitEvent("station", "tiles", WAIT)).doesNotContain(paged);
            // The page is the only change: no reading, no alert moves (the devices are silent).
            TopicProbe.send(Topics.ALERTS_EVENTS, paged, EventJson.write(EventEnvelope.wrap(NotificationOutcome.SENT, paged,
                    new NotificationOutcome(UUID.randomUUID(), alertId, paged, 1, "PAGE", nurse, Roles.ON_CALL, "sms", 1, null,
                            Instant.now()), Clock.systemUTC())));
            assertThat(live.awaitEvent("station", paged, WAIT)).contains("\"urgency\":\"CRITICAL\"");
        }
    }

    @Test
    void shouldRefuseTheStationStreamToAnyoneButStaffAndBeyondThePersonsOpenStreams() throws Exception {
        given().get("/console/api/station/stream").then().statusCode(401);
        for (String role : List.of(Roles.SCHEDULER, Roles.INTAKE, Roles.PATIENT_DEVICE, Roles.SITTER)) {
            console("someone-" + role, role).get("/console/api/station/stream").then().statusCode(403)
                    .contentType("application/problem+json");
        }
        String nurse = "nurse-live-" + UUID.randomUUID().toString().substring(0, 8);
        List<EventStreamProbe> open = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                EventStreamProbe probe = EventStreamProbe.open(stream, cookie(nurse, Roles.ON_CALL));
                probe.awaitEvent("station", "tiles", WAIT);
                open.add(probe);
            }
            console(nurse, Roles.ON_CALL).get("/console/api/station/stream").then().statusCode(429)
                    .contentType("application/problem+json");
            assertThat(audits(nurse, "console.station.stream")).as("the refused stream is not audited as a read").isEqualTo(5);
        } finally {
            for (EventStreamProbe probe : open) {
                probe.close();
            }
        }
    }

    private static Map<String, String> cookie(String person, String role) {
        return Map.of("Cookie", "console_token=" + DevTokens.forConsole(person, role));
    }

    private static RequestSpecification console(String person, String role) {
        return given().cookie("console_token", DevTokens.forConsole(person, role)).header("X-Console-Request", "1");
    }

    private static JsonPath station(String person, String role) {
        return console(person, role).get("/console/api/station").then().statusCode(200).extract().jsonPath();
    }

    private static String session(String clinicianId, String state, Instant dosedAt) {
        given().auth().oauth2(DevTokens.forRole(Roles.ADMIN)).contentType("application/json").body("""
                {"id": "%s", "displayName": "Dr Station", "licenceType": "MD", "licensedStates": ["WY"],
                 "timezone": "America/Denver", "availability": [{"day": "MONDAY", "from": "09:00", "to": "17:00"}]}"""
                .formatted(clinicianId)).post("/clinicians").then().statusCode(org.hamcrest.Matchers.oneOf(201, 409));
        UUID id = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> {
            SessionRecord s = new SessionRecord();
            s.id = id;
            s.patientId = UUID.randomUUID();
            s.clinicianId = clinicianId;
            s.planId = UUID.randomUUID();
            s.type = "DOSING";
            s.state = state;
            s.startsAt = SettableClock.now().minus(Duration.ofHours(2));
            s.endsAt = s.startsAt.plus(Duration.ofMinutes(150));
            s.dosedAt = dosedAt;
            s.persist();
        });
        return id.toString();
    }

    private static <T> void observe(EventType<T> type, String sessionId, T event) {
        TopicProbe.send(Topics.VITALS_OBSERVATIONS, sessionId,
                EventJson.write(EventEnvelope.wrap(type, sessionId, event, Clock.systemUTC())));
    }

    private static ReadingRecorded cuff(String sessionId, int systolic, int diastolic, Instant at) {
        return new ReadingRecorded("r-" + UUID.randomUUID(), sessionId, "cuff", systolic, diastolic, 80, null, at, at,
                DeviceKinds.BP_CUFF, null, null, Set.of(), "sitting", "left-upper-arm", at);
    }

    private static ReadingRecorded oximeter(String sessionId, int spo2, Instant at) {
        return new ReadingRecorded("r-" + UUID.randomUUID(), sessionId, "oximeter", null, null, 76, spo2, at, at,
                DeviceKinds.PULSE_OXIMETER, 14, 2.5, Set.of(), null, null, at);
    }

    /** An alert's version on alerts.events, awaited into the console's alerts; its id. */
    private UUID alert(String sessionId, String rule, String severity, String status, long version) {
        List<?> known = QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                        "SELECT alert_id FROM console_alert WHERE session_id = ?1 AND snapshot LIKE ?2")
                .setParameter(1, sessionId).setParameter(2, "%\"rule\":\"" + rule + "\"%").getResultList());
        UUID alertId = known.isEmpty() ? UUID.randomUUID() : (UUID) known.get(0);
        Instant now = SettableClock.now();
        boolean acknowledged = "ACKNOWLEDGED".equals(status);
        AlertSnapshot a = new AlertSnapshot(alertId, sessionId, "p-1", "dr-1", rule, severity, status, rule + " fired", "x", "x",
                1, 0, now, now, 0, acknowledged ? "dr-1" : null, acknowledged ? now : null, null, null, null, null, version);
        EventType<AlertSnapshot> type = acknowledged ? AlertSnapshot.ACKNOWLEDGED : AlertSnapshot.RAISED;
        TopicProbe.send(Topics.ALERTS_EVENTS, sessionId, EventJson.write(EventEnvelope.wrap(type, sessionId, a, Clock.systemUTC())));
        await().atMost(WAIT).until(() -> QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                "SELECT count(*) FROM console_alert WHERE alert_id = ?1 AND version = ?2").setParameter(1, alertId)
                .setParameter(2, version).getSingleResult()).longValue()) == 1);
        return alertId;
    }

    private long audits(String actor) {
        return audits(actor, "console.station.read");
    }

    private long audits(String actor, String action) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                        "SELECT count(*) FROM read_audit WHERE actor = ?1 AND action = ?2")
                .setParameter(1, actor).setParameter(2, action).getSingleResult()).longValue());
    }
}
