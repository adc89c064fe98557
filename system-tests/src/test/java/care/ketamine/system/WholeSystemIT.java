package care.ketamine.system;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.security.Roles;
import care.ketamine.contracts.vitals.ReadingRecorded;
import care.ketamine.infrastructure.FreePort;
import care.ketamine.system.OtlpReceiver.ReceivedSpan;
import care.ketamine.testsupport.TopicProbe;
import care.ketamine.testsupport.ClinicianHours;
import care.ketamine.testsupport.DevTokens;
import care.ketamine.testsupport.EventStreamProbe;
import care.ketamine.testsupport.LifecycleProbe;
import care.ketamine.testsupport.TestInfrastructure;
import com.sun.net.httpserver.HttpServer;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * The flows across processes, on the real broker and PostgreSQL: a crisis reading becomes a
 * bp-crisis alert, paged to a local webhook receiver (the paging gateway), in one trace from the device's POST to
 * the page (the services export to a local OTLP receiver); a clinician added in session-service may approve a
 * patient in intake.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WholeSystemIT {

    private static final List<String> SERVICES = List.of("intake-service", "session-service", "vitals-service", "alerting-service");

    private static TestInfrastructure infrastructure;
    private static final List<ServiceProcess> running = new ArrayList<>();
    private static OtlpReceiver traces;
    private static HttpServer pager;
    private static final List<String> PAGES = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startTheSystem() throws IOException {
        infrastructure = TestInfrastructure.shared();
        traces = OtlpReceiver.start();
        pager = HttpServer.create(new InetSocketAddress("127.0.0.1", FreePort.find()), 0);
        pager.createContext("/hooks", exchange -> {
            PAGES.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        pager.start();
        Instant started = Instant.now();
        for (String name : SERVICES) {
            List<String> settings = new ArrayList<>(traces.settings());
            if (name.equals("alerting-service")) {
                settings.addAll(List.of("-Dalerting.webhook.url=http://127.0.0.1:" + pager.getAddress().getPort() + "/hooks",
                        "-Dalerting.webhook.secret=system-test-webhook-secret"));
            }
            running.add(ServiceProcess.start(name, name, infrastructure, settings));
        }
        running.forEach(ServiceProcess::awaitReady);
        System.out.printf("system test: four services ready in %d ms%n", Duration.between(started, Instant.now()).toMillis());
    }

    @AfterAll
    static void stopTheSystem() throws InterruptedException {
        try {
            for (ServiceProcess service : running) {
                service.close();
            }
        } finally {
            traces.close();
            pager.stop(0);
        }
    }

    private static ServiceProcess service(String name) {
        return running.stream().filter(s -> s.name.equals(name)).findFirst().orElseThrow();
    }

    private static int readinessStatus(ServiceProcess service) {
        try {
            return given().when().get(service.managementUrl("/q/health/ready")).statusCode();
        } catch (Exception notListeningYet) { // RestAssured rethrows ConnectException unchecked
            return -1;
        }
    }

    @Test
    @Order(1)
    void shouldTurnACrisisReadingIntoOneOpenBpCrisisAlertListedAndStreamed() throws Exception {
        String sessionId = UUID.randomUUID().toString();
        String secondSession = UUID.randomUUID().toString();
        ServiceProcess vitals = service("vitals-service");
        ServiceProcess alerting = service("alerting-service");
        // The sessions' clinician (LifecycleProbe's dr-1) sees their alerts; on-call staff only what is escalated to them.
        String clinician = DevTokens.sign("dr-1", Roles.CLINICIAN, null, Duration.ofHours(1));

        checkedIn(vitals, sessionId);
        checkedIn(vitals, secondSession);
        try (EventStreamProbe stream = EventStreamProbe.open(URI.create(alerting.url("/alerts/stream")), clinician)) {
            long posted = System.nanoTime();
            postCrisisReading(vitals, sessionId);

            String event = stream.awaitData(sessionId, Duration.ofSeconds(10));
            System.out.printf("system test: reading posted to alert streamed in %d ms (first reading after start)%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - posted));
            assertThat(event).contains("\"rule\":\"bp-crisis\"").contains("\"severity\":\"CRITICAL\"")
                    .contains("\"status\":\"OPEN\"").contains("192/124 mm[Hg]");

            posted = System.nanoTime();
            postCrisisReading(vitals, secondSession);
            stream.awaitData(secondSession, Duration.ofSeconds(10));
            System.out.printf("system test: reading posted to alert streamed in %d ms (second session)%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - posted));
        }

        given().auth().oauth2(clinician).queryParam("status", "open").queryParam("sessionId", sessionId)
                .when().get(alerting.url("/alerts"))
                .then().statusCode(200)
                .body("size()", equalTo(1))
                .body("[0].rule", equalTo("bp-crisis"))
                .body("[0].occurrences", equalTo(1));
    }

    /** The session is checked in (as session-service publishes it) and vitals-service has seen it. */
    private static void checkedIn(ServiceProcess vitals, String sessionId) {
        LifecycleProbe.state(sessionId, "CHECKED_IN", Instant.now().minusSeconds(60));
        await().atMost(Duration.ofSeconds(15)).until(() -> given()
                .auth().oauth2(DevTokens.forSession(Roles.PATIENT_DEVICE, sessionId)).contentType(ContentType.JSON)
                .body("""
                        {"readingId": "baseline", "systolic": 122, "diastolic": 78, "heartRate": 70, "spo2": 98, "measuredAt": "%s"}"""
                        .formatted(Instant.now().minusSeconds(1)))
                .post(vitals.url("/sessions/{id}/readings"), sessionId).statusCode() == 202);
    }

    private static void postCrisisReading(ServiceProcess vitals, String sessionId) {
        given().auth().oauth2(DevTokens.forSession(Roles.PATIENT_DEVICE, sessionId)).contentType(ContentType.JSON)
                .body("""
                        {"readingId": "r-1", "systolic": 192, "diastolic": 124, "heartRate": 88, "spo2": 97, "measuredAt": "%s"}"""
                        .formatted(Instant.now().minusSeconds(1)))
                .when().post(vitals.url("/sessions/{id}/readings"), sessionId)
                .then().statusCode(202).body("sessionId", equalTo(sessionId));
    }

    @Test
    @Order(2)
    void shouldTraceACrisisReadingFromTheDevicesPostThroughAlertingToItsPage() {
        ServiceProcess vitals = service("vitals-service");
        ServiceProcess alerting = service("alerting-service");
        String sessionId = UUID.randomUUID().toString();
        checkedIn(vitals, sessionId);
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String devicesSpan = "00f067aa0ba902b7";
        given().auth().oauth2(DevTokens.forSession(Roles.PATIENT_DEVICE, sessionId)).contentType(ContentType.JSON)
                .header("traceparent", "00-" + traceId + "-" + devicesSpan + "-01")
                .body("""
                        {"readingId": "traced", "systolic": 192, "diastolic": 124, "heartRate": 88, "spo2": 97, "measuredAt": "%s"}"""
                        .formatted(Instant.now().minusSeconds(1)))
                .when().post(vitals.url("/sessions/{id}/readings"), sessionId)
                .then().statusCode(202);
        String clinician = DevTokens.sign("dr-1", Roles.CLINICIAN, null, Duration.ofHours(1));
        String alertId = await().atMost(Duration.ofSeconds(20)).until(() -> openCrisisOf(alerting, clinician, sessionId),
                java.util.Objects::nonNull);
        await().atMost(Duration.ofSeconds(20)).until(() -> PAGES.stream().anyMatch(page -> page.contains(alertId)));

        // One trace: vitals' server span (the device's span its parent), its send, alerting's evaluation, the page,
        // and the alert's event relayed by alerting's outbox and read by session-service's console.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(traces.trace(traceId))
                .extracting(ReceivedSpan::name).contains("POST /sessions/{sessionId}/readings", "vitals.observations publish",
                        "evaluate reading", "page webhook", "alerts.events publish"));
        List<ReceivedSpan> trace = traces.trace(traceId);
        ReceivedSpan post = only(trace, "vitals-service", "POST /sessions/{sessionId}/readings");
        assertThat(post.kind()).isEqualTo("SPAN_KIND_SERVER");
        assertThat(post.parentSpanId()).as("the device's span").isEqualTo(devicesSpan);
        ReceivedSpan send = only(trace, "vitals-service", "vitals.observations publish");
        assertThat(send.kind()).isEqualTo("SPAN_KIND_PRODUCER");
        assertThat(send.parentSpanId()).isEqualTo(post.spanId());
        ReceivedSpan evaluation = only(trace, "alerting-service", "evaluate reading");
        assertThat(evaluation.parentSpanId()).as("across the broker, from vitals' send").isEqualTo(send.spanId());
        assertThat(trace).filteredOn(s -> s.name().equals("page webhook")).isNotEmpty()
                .allSatisfy(page -> assertThat(page.parentSpanId()).isEqualTo(evaluation.spanId()))
                .allSatisfy(page -> assertThat(page.service()).isEqualTo("alerting-service"));
        List<String> alertEvents = trace.stream().filter(s -> s.name().equals("alerts.events publish")).map(ReceivedSpan::spanId).toList();
        assertThat(trace).filteredOn(s -> alertEvents.contains(s.spanId()))
                .allSatisfy(event -> assertThat(event.parentSpanId()).isEqualTo(evaluation.spanId()));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(traces.trace(traceId))
                .as("session-service's console reads the alert's event in the trace")
                .anySatisfy(s -> {
                    assertThat(s.service()).isEqualTo("session-service");
                    assertThat(alertEvents).contains(s.parentSpanId());
                }));
    }

    private static ReceivedSpan only(List<ReceivedSpan> trace, String service, String name) {
        List<ReceivedSpan> named = trace.stream().filter(s -> s.name().equals(name)).toList();
        assertThat(named).as("%s in %s", name, trace).hasSize(1);
        assertThat(named.get(0).service()).as(name).isEqualTo(service);
        return named.get(0);
    }

    @Test
    @Order(3)
    void shouldTakeAPatientFromIntakeToAGatedDoseAcrossTheServices() {
        ServiceProcess sessions = service("session-service");
        ServiceProcess intake = service("intake-service");
        String clinicianId = "dr-system-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(DevTokens.forRole(Roles.ADMIN)).contentType(ContentType.JSON)
                .body("""
                        {"id": "%s", "displayName": "Dr System", "licenceType": "NP", "licensedStates": ["WA"],
                         "timezone": "%s", "availability": [%s]}""".formatted(clinicianId,
                        ClinicianHours.zoneWhereItIsEarlyMorning(Instant.now()), allDay()))
                .when().post(sessions.url("/clinicians")).then().statusCode(201);

        String intakeToken = DevTokens.forRole(Roles.INTAKE);
        String patientId = given().auth().oauth2(intakeToken).contentType(ContentType.JSON)
                .body("""
                        {"givenName": "Kim", "familyName": "System %s", "dateOfBirth": "1980-01-01", "phone": "+1 206 555 0100",
                         "email": "kim@example.org", "usState": "WA", "timezone": "America/Los_Angeles",
                         "emergencyContact": {"name": "Lee", "phone": "+1 206 555 0101", "relationship": "brother"},
                         "sitter": {"name": "Pat", "phone": "+1 206 555 0102", "relationship": "partner"}}"""
                        .formatted(clinicianId))
                .when().post(intake.url("/patients")).then().statusCode(201).extract().path("id");
        given().auth().oauth2(intakeToken).contentType(ContentType.JSON)
                .body("""
                        {"phq9": [2,2,1,2,1,2,1,2,0], "gad7": [1,2,1,1,0,1,1], "majorDepressiveDisorder": true,
                         "failedAntidepressantTrials": 2, "acuteSuicidalIdeation": false, "recentSuicideAttemptOrIntent": false,
                         "contraindications": [], "medications": [], "baselineBloodPressure": {"systolic": 128, "diastolic": 82},
                         "baselineHeartRate": 72}""")
                .when().post(intake.url("/patients/{id}/screenings"), patientId).then().statusCode(201);

        String clinicianToken = DevTokens.sign(clinicianId, Roles.CLINICIAN, null, Duration.ofHours(1));
        // The licence travels session-service -> outbox -> sessions.clinicians -> intake's projection.
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().auth().oauth2(clinicianToken)
                .contentType(ContentType.JSON)
                .body("{\"decision\": \"APPROVE\", \"note\": \"Approved in the system test.\", \"plan\": {\"doseMg\": 250}}")
                .when().post(intake.url("/patients/{id}/evaluations"), patientId)
                .then().statusCode(201).body("plan.status", equalTo("ACTIVE")));

        // The plan travels intake -> outbox -> intake.patients -> session-service; then a course begins.
        String scheduler = DevTokens.forRole(Roles.SCHEDULER);
        String prep = await().atMost(Duration.ofSeconds(15)).until(() -> given().auth().oauth2(scheduler)
                .contentType(ContentType.JSON).body(booking(patientId, clinicianId, "PREPARATION", 1))
                .post(sessions.url("/sessions")).then().extract(), r -> r.statusCode() == 201).path("id");
        given().auth().oauth2(clinicianToken).contentType(ContentType.JSON).body("{}")
                .post(sessions.url("/sessions/{id}/complete"), prep).then().statusCode(200);
        String dosing = given().auth().oauth2(scheduler).contentType(ContentType.JSON)
                .body(booking(patientId, clinicianId, "DOSING", 3))
                .post(sessions.url("/sessions")).then().statusCode(201).extract().path("id");
        String deviceToken = given().auth().oauth2(clinicianToken).contentType(ContentType.JSON)
                .body("{\"role\": \"patient-device\", \"label\": \"cuff\"}")
                .post(sessions.url("/sessions/{id}/devices"), dosing).then().statusCode(201).extract().path("token");
        given().auth().oauth2(clinicianToken).contentType(ContentType.JSON)
                .body("{\"patientOnline\": true, \"sitterName\": \"Pat\", \"dosingAddress\": {\"street\": \"12 Oak St\", "
                        + "\"city\": \"Oakland\", \"region\": \"CA\", \"postalCode\": \"94607\", \"country\": \"US\"}}")
                .post(sessions.url("/sessions/{id}/check-in"), dosing).then().statusCode(200);

        // The device posts with the token session-service issued, once vitals has seen the check-in;
        // the reading reaches the gate through Kafka.
        await().atMost(Duration.ofSeconds(15)).until(() -> given().auth().oauth2(deviceToken).contentType(ContentType.JSON)
                .body("""
                        {"readingId": "r-1", "systolic": 126, "diastolic": 80, "heartRate": 72, "spo2": 98, "measuredAt": "%s"}"""
                        .formatted(Instant.now().minusSeconds(1)))
                .post(service("vitals-service").url("/sessions/{id}/readings"), dosing).statusCode() == 202);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().auth().oauth2(clinicianToken)
                .contentType(ContentType.JSON).body("{}").post(sessions.url("/sessions/{id}/gate"), dosing)
                .then().statusCode(200).body("state", equalTo("PRE_DOSE_CHECK")));
        ServiceProcess vitals = service("vitals-service");
        ServiceProcess alerting = service("alerting-service");

        // A crisis after the gate passed: the reading reaches alerting, its alert reaches session-service, the dose is refused naming it.
        deviceReading(vitals, deviceToken, dosing, "crisis-after-gate", 192, 124);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(clinicianToken)
                .contentType(ContentType.JSON).body("{}").post(sessions.url("/sessions/{id}/dose"), dosing)
                .then().statusCode(409).body(containsString("bp-crisis")));
        given().auth().oauth2(clinicianToken).get(sessions.url("/sessions/{id}"), dosing).then().body("state", equalTo("PRE_DOSE_CHECK"));
        String firstCrisis = openCrisisOf(alerting, clinicianToken, dosing);
        // The crisis also broke the rise-from-baseline rule: every open alert is resolved by the clinician, with why.
        List<String> open = given().auth().oauth2(clinicianToken).queryParam("sessionId", dosing).queryParam("status", "open")
                .get(alerting.url("/alerts")).then().statusCode(200).extract().path("id");
        assertThat(open).contains(firstCrisis);
        for (String alert : open) {
            given().auth().oauth2(clinicianToken).contentType(ContentType.JSON).body("{\"comment\": \"Repeat cuff reading normal.\"}")
                    .post(alerting.url("/alerts/{id}/resolve"), alert).then().statusCode(200);
        }
        deviceReading(vitals, deviceToken, dosing, "normal-again", 128, 82);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(clinicianToken)
                .contentType(ContentType.JSON).body("{}").post(sessions.url("/sessions/{id}/dose"), dosing)
                .then().statusCode(200).body("state", equalTo("DOSE_AUTHORIZED")));
        // The patient's own monitor confirms the tablet, with the token session-service gave it.
        given().auth().oauth2(deviceToken).post(sessions.url("/sessions/{id}/devices/tablet-taken"), dosing)
                .then().statusCode(200).body("state", equalTo("DOSED"));

        // After the dose, abort keeps the patient monitored and no alert is closed by the system: the critical
        // alert stays open and keeps escalating (a short policy here, restored after).
        criticalPolicy(alerting, 4, 8);
        try {
            deviceReading(vitals, deviceToken, dosing, "crisis-after-dose", 196, 126);
            // Within 5 minutes of the first one's resolution, the same condition reopens that alert (a new escalation round).
            String crisis = await().atMost(Duration.ofSeconds(20)).until(() -> openCrisisOf(alerting, clinicianToken, dosing),
                    java.util.Objects::nonNull);
            given().auth().oauth2(clinicianToken).contentType(ContentType.JSON).body("{\"reason\": \"Patient asked to stop\"}")
                    .post(sessions.url("/sessions/{id}/abort"), dosing).then().statusCode(200).body("state", equalTo("ENDED_EARLY"));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(clinicianToken)
                    .get(alerting.url("/alerts/{id}"), crisis).then().statusCode(200)
                    .body("status", equalTo("OPEN")).body("escalationStep", equalTo(2)));
            deviceReading(vitals, deviceToken, dosing, "still-monitored", 150, 95);
            given().auth().oauth2(clinicianToken).contentType(ContentType.JSON)
                    .body("{\"called\": \"911\", \"calledAt\": \"%s\", \"reason\": \"BP stays in crisis\"}".formatted(Instant.now().minusSeconds(5)))
                    .post(sessions.url("/sessions/{id}/handover"), dosing).then().statusCode(200).body("state", equalTo("HANDED_OVER"));
            given().auth().oauth2(clinicianToken).get(alerting.url("/alerts/{id}"), crisis).then().body("status", equalTo("OPEN"));
            given().auth().oauth2(clinicianToken).get(sessions.url("/sessions/{id}/record"), dosing).then().statusCode(200)
                    .body("state", equalTo("HANDED_OVER")).body("alerts.rule", org.hamcrest.Matchers.hasItem("bp-crisis"))
                    .body("dosedAt", org.hamcrest.Matchers.notNullValue());
        } finally {
            criticalPolicy(alerting, 120, 300);
        }
    }

    private static void deviceReading(ServiceProcess vitals, String deviceToken, String sessionId, String readingId,
                                      int systolic, int diastolic) {
        given().auth().oauth2(deviceToken).contentType(ContentType.JSON)
                .body("""
                        {"readingId": "%s", "systolic": %d, "diastolic": %d, "heartRate": 74, "spo2": 98, "measuredAt": "%s"}"""
                        .formatted(readingId, systolic, diastolic, Instant.now().minusSeconds(1)))
                .post(vitals.url("/sessions/{id}/readings"), sessionId).then().statusCode(202);
    }

    /** The session's open bp-crisis alert, or null while there is none. */
    private static String openCrisisOf(ServiceProcess alerting, String clinicianToken, String sessionId) {
        List<String> ids = given().auth().oauth2(clinicianToken).queryParam("sessionId", sessionId).queryParam("status", "open")
                .queryParam("rule", "bp-crisis").get(alerting.url("/alerts")).then().statusCode(200).extract().path("id");
        return ids.isEmpty() ? null : ids.get(0);
    }

    /** Critical alerts: the clinician at once, tier 1 after {@code tier1} s, tier 2 after {@code tier2} s. */
    private static void criticalPolicy(ServiceProcess alerting, int tier1, int tier2) {
        given().auth().oauth2(DevTokens.forRole(Roles.ADMIN)).contentType(ContentType.JSON).body("""
                [{"number": 0, "afterSeconds": 0, "target": "CLINICIAN"},
                 {"number": 1, "afterSeconds": %d, "target": "ON_CALL_TIER_1"},
                 {"number": 2, "afterSeconds": %d, "target": "ON_CALL_TIER_2", "instruction": "Call the sitter and the emergency contact now"}]"""
                .formatted(tier1, tier2)).put(alerting.url("/escalation-policies/critical")).then().statusCode(200);
    }

    private static String allDay() {
        return String.join(",", java.util.Arrays.stream(java.time.DayOfWeek.values())
                .map(d -> "{\"day\": \"" + d + "\", \"from\": \"00:00\", \"to\": \"23:59\"}").toList());
    }

    private static String booking(String patientId, String clinicianId, String type, int hoursFromNow) {
        Instant start = Instant.now().plus(Duration.ofHours(hoursFromNow)).truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        return "{\"patientId\": \"%s\", \"clinicianId\": \"%s\", \"type\": \"%s\", \"start\": \"%s\"}"
                .formatted(patientId, clinicianId, type, start);
    }

    @Test
    @Order(4)
    void shouldCatchUpTheHistoryWithWhatArrivedWhileVitalsWasDown() throws Exception {
        ServiceProcess vitals = service("vitals-service");
        String sessionId = UUID.randomUUID().toString();
        checkedIn(vitals, sessionId);
        vitals.close();
        // While it is down, another replica accepts five readings of the session.
        for (int i = 1; i <= 5; i++) {
            ReadingRecorded reading = new ReadingRecorded("while-down-" + i, sessionId, "device-1", 120 + i, 80, 70, 98,
                    Instant.now(), Instant.now());
            TopicProbe.send(Topics.VITALS_OBSERVATIONS, sessionId, EventJson.write(EventEnvelope.wrap(
                    EventEnvelope.idFor(ReadingRecorded.TYPE.name(), sessionId, reading.readingId()),
                    ReadingRecorded.TYPE, sessionId, reading, Clock.systemUTC())));
        }
        ServiceProcess restarted = ServiceProcess.start("vitals-service", infrastructure);
        running.set(running.indexOf(vitals), restarted);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .failFast(restarted.name + " exited; see " + restarted.log, () -> !restarted.isAlive())
                .until(() -> readinessStatus(restarted) == 200);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(DevTokens.forRole(Roles.ADMIN))
                .get(restarted.url("/sessions/{id}/observations"), sessionId)
                .then().statusCode(200)
                .body("readings.readingId", equalTo(List.of("baseline", "while-down-1", "while-down-2", "while-down-3",
                        "while-down-4", "while-down-5"))));
    }

    @Test
    @Order(5)
    void shouldReportNotReadyWhileTheBrokerOrTheDatabaseIsDownAndRecover() {
        infrastructure.stopKafka();
        try {
            awaitReadiness(503);
        } finally {
            infrastructure.startKafka();
        }
        awaitReadiness(200);

        // A crisis reading already on its way when the database goes down is not the reading's fault: alerting
        // waits for the database and raises the alert then, and parks nothing (a parked reading is an alert never raised).
        String sessionId = "outage-" + UUID.randomUUID();
        Instant now = Instant.now();
        ReadingRecorded crisis = new ReadingRecorded("during-outage", sessionId, "device-1", 196, 122, 90, 97, now, now);
        infrastructure.stopPostgres();
        try {
            TopicProbe.send(Topics.VITALS_OBSERVATIONS, sessionId, EventJson.write(EventEnvelope.wrap(ReadingRecorded.TYPE,
                    sessionId, crisis, Clock.systemUTC())));
            awaitReadiness(503);
            // A device's reading meanwhile: told to keep it and send it again (503, Retry-After), never a 500.
            given().auth().oauth2(DevTokens.forSession(Roles.PATIENT_DEVICE, sessionId)).contentType(ContentType.JSON)
                    .body("{\"readingId\": \"device-during-outage\", \"systolic\": 122, \"diastolic\": 80, "
                            + "\"measuredAt\": \"" + Instant.now().minusSeconds(2) + "\"}")
                    .when().post(service("vitals-service").url("/sessions/{id}/readings"), sessionId)
                    .then().statusCode(503).contentType("application/problem+json").header("Retry-After", org.hamcrest.Matchers.matchesPattern("[1-9][0-9]*"));
            // Longer than alerting's attempts at a single reading (3, each waiting up to the pool's 5 s for a
            // connection), after which a failed reading is parked unless the database does not answer; and longer
            // than the Kafka connector's default 60 s for a record left unacknowledged, after which it would close
            // the consumer and alerting would evaluate nothing more until restarted.
            Thread.sleep(75_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            infrastructure.startPostgres();
        }
        awaitReadiness(200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .auth().oauth2(DevTokens.forRole(Roles.ADMIN)).queryParam("sessionId", sessionId)
                .when().get(service("alerting-service").url("/alerts"))
                .then().statusCode(200).body("size()", equalTo(1)).body("[0].rule", equalTo("bp-crisis")));
        // And alerting still takes what arrives after the outage.
        String afterwards = "after-outage-" + UUID.randomUUID();
        Instant later = Instant.now();
        TopicProbe.send(Topics.VITALS_OBSERVATIONS, afterwards, EventJson.write(EventEnvelope.wrap(ReadingRecorded.TYPE,
                afterwards, new ReadingRecorded("after-outage", afterwards, "device-1", 196, 122, 90, 97, later, later),
                Clock.systemUTC())));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .auth().oauth2(DevTokens.forRole(Roles.ADMIN)).queryParam("sessionId", afterwards)
                .when().get(service("alerting-service").url("/alerts"))
                .then().statusCode(200).body("size()", equalTo(1)).body("[0].rule", equalTo("bp-crisis")));
        String sentinel = "sentinel-" + UUID.randomUUID();
        TopicProbe.send(Topics.deadLetter(Topics.VITALS_OBSERVATIONS), sentinel, "{}");
        assertThat(TopicProbe.awaitRecords(Topics.deadLetter(Topics.VITALS_OBSERVATIONS),
                r -> sessionId.equals(r.key()) || sentinel.equals(r.key()), Duration.ofSeconds(10)))
                .as("nothing of the session parked").extracting(r -> r.key()).containsOnly(sentinel);
    }

    private static void awaitReadiness(int status) {
        for (ServiceProcess service : running) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> assertThat(readinessStatus(service))
                            .as("%s readiness; log %s", service.name, service.log).isEqualTo(status));
        }
    }

    @Test
    @Order(6)
    void shouldHaveLoggedNoPatientReadingValues() throws IOException {
        for (ServiceProcess service : running) {
            assertThat(Files.readString(service.log)).as(service.name + " log")
                    .doesNotContain("192/124").doesNotContain("+1 206 555").doesNotContain("Kim");
        }
    }

    /**
     * Before anything has happened, every metric the Grafana dashboard and the Prometheus rules query must already be
     * served, at 0: a misspelt name leaves a panel empty and a rule silent, and a counter that first appears with its
     * first event is missed by increase() and rate() (PagesNotDelivered after every restart, for one). The services'
     * scrapes are saved in system-tests/target/scrapes-at-start; consumers join their groups in the first seconds, so
     * the check is given up to 30 s.
     */
    @Test
    @Order(0)
    void shouldServeEveryMetricTheDashboardAndTheAlertRulesQueryFromTheStart() throws Exception {
        Path scrapes = Files.createDirectories(Path.of("target/scrapes-at-start").toAbsolutePath());
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> assertThat(checkMonitoringNames(scrapes)).startsWith("ok"));
    }

    /** After the flows above, the same check on the services' scrapes then (system-tests/target/scrapes). */
    @Test
    @Order(7)
    void shouldServeEveryMetricTheDashboardAndTheAlertRulesQuery() throws Exception {
        assertThat(checkMonitoringNames(Files.createDirectories(Path.of("target/scrapes").toAbsolutePath()))).startsWith("ok");
    }

    /** Saves each service's scrape in the folder and runs deploy/grafana/check --scrapes on it: "ok…" or what failed. */
    private static String checkMonitoringNames(Path scrapes) throws IOException, InterruptedException {
        for (ServiceProcess service : running) {
            Files.writeString(scrapes.resolve(service.name + ".prom"),
                    given().get(service.managementUrl("/q/metrics")).then().statusCode(200).extract().asString());
        }
        Path check = care.ketamine.testsupport.DevKeys.projectRoot().resolve("deploy/grafana/check");
        Process process = new ProcessBuilder("python3", check.toString(), "--scrapes", scrapes.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return process.waitFor() == 0 ? "ok: " + output : "FAILED:\n" + output;
    }
}
