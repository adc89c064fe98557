package care.ketamine.session.lifecycle;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.intake.PatientQuietWindow;
import care.ketamine.contracts.intake.TreatmentPlanApproved;
import care.ketamine.contracts.security.Roles;
import care.ketamine.contracts.sessions.SessionChanged;
import care.ketamine.contracts.vitals.ReadingRecorded;
import care.ketamine.testsupport.SettableClock;
import care.ketamine.session.plan.PatientPlan;
import care.ketamine.testsupport.ClinicianHours;
import care.ketamine.testsupport.DevTokens;
import care.ketamine.testsupport.RealInfrastructure;
import care.ketamine.testsupport.TopicProbe;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static care.ketamine.session.domain.SessionState.CHECKED_IN;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class SessionLifecycleTest {

    private String clinicianId;
    private String patientId;

    private static RequestSpecification as(String role) {
        return given().auth().oauth2(DevTokens.forRole(role)).contentType(ContentType.JSON);
    }

    private RequestSpecification asClinician() {
        return given().auth().oauth2(DevTokens.sign(clinicianId, Roles.CLINICIAN, null, Duration.ofHours(1)))
                .contentType(ContentType.JSON);
    }

    /** A CA clinician available around the clock, and a CA patient whose plan intake approved. */
    @BeforeEach
    void clinicianAndApprovedPatient() {
        clinicianId = "dr-" + UUID.randomUUID().toString().substring(0, 8);
        as(Roles.ADMIN).body(ClinicianHours.availableAllDay(clinicianId, "Dr Test"))
                .post("/clinicians").then().statusCode(201);
        patientId = UUID.randomUUID().toString();
        approvePlan(patientId, "CA", Instant.now(), THIRTY_TO_FORTY_FIVE);
    }

    private static final PatientQuietWindow THIRTY_TO_FORTY_FIVE = new PatientQuietWindow(30, 45);

    /** A plan as intake approved it before plans carried a quiet window. */
    static void approvePlan(String patientId, String state) {
        approvePlan(patientId, state, Instant.now(), null);
    }

    static void approvePlan(String patientId, String state, Instant approvedAt, PatientQuietWindow quietWindow) {
        approvePlan(patientId, state, approvedAt, quietWindow, null);
    }

    static void approvePlan(String patientId, String state, Instant approvedAt, PatientQuietWindow quietWindow,
                            care.ketamine.contracts.intake.DosingAddress dosingAddress) {
        approvePlan(patientId, state, approvedAt, quietWindow, dosingAddress, null);
    }

    static void approvePlan(String patientId, String state, Instant approvedAt, PatientQuietWindow quietWindow,
                            care.ketamine.contracts.intake.DosingAddress dosingAddress, Boolean textSitter) {
        TreatmentPlanApproved plan = new TreatmentPlanApproved(patientId, UUID.randomUUID().toString(), null, state,
                "America/Los_Angeles", 6, 3, 300, care.ketamine.contracts.intake.MonitoringThresholds.class.cast(
                new care.ketamine.contracts.intake.MonitoringThresholds(160, 90, 100, 160, 100, 40, 25, 120, 50, 92, 90)),
                124, 80, new TreatmentPlanApproved.Person("Sam Rivera", "+1 415 555 0188", "spouse"),
                new TreatmentPlanApproved.Person("Jo Rivera", "+1 415 555 0101", "sister"), "dr-intake", approvedAt,
                List.of(), quietWindow, dosingAddress, textSitter);
        TopicProbe.send(Topics.INTAKE_PATIENTS, patientId,
                EventJson.write(EventEnvelope.wrap(TreatmentPlanApproved.TYPE, patientId, plan, Clock.systemUTC())));
        await().atMost(Duration.ofSeconds(10)).until(() -> QuarkusTransaction.requiringNew().call(() -> {
            PatientPlan stored = PatientPlan.findById(UUID.fromString(patientId));
            return stored != null && stored.planId.toString().equals(plan.planId());
        }));
    }

    private String book(String type, Duration fromNow) {
        return as(Roles.SCHEDULER).body("""
                        {"patientId": "%s", "clinicianId": "%s", "type": "%s", "start": "%s"}"""
                        .formatted(patientId, clinicianId, type, SettableClock.now().plus(fromNow).truncatedTo(ChronoUnit.SECONDS)))
                .post("/sessions").then().statusCode(201).body("state", equalTo("SCHEDULED")).extract().path("id");
    }

    private static void reading(String sessionId, int systolic, int diastolic, int heartRate) {
        Instant at = SettableClock.now().truncatedTo(ChronoUnit.MILLIS);
        TopicProbe.send(Topics.VITALS_OBSERVATIONS, sessionId, EventJson.write(EventEnvelope.wrap(ReadingRecorded.TYPE, sessionId,
                new ReadingRecorded("r-" + UUID.randomUUID(), sessionId, "device-1", systolic, diastolic, heartRate, 97, at, at),
                Clock.systemUTC())));
        await().atMost(Duration.ofSeconds(10)).until(() -> QuarkusTransaction.requiringNew().call(() ->
                ((Number) io.quarkus.hibernate.orm.panache.Panache.getEntityManager().createNativeQuery(
                                "SELECT count(*) FROM latest_measure WHERE session_id = ?1 AND measure = 'blood-pressure' "
                                        + "AND systolic = ?2 AND measured_at = ?3")
                        .setParameter(1, UUID.fromString(sessionId)).setParameter(2, systolic).setParameter(3, at)
                        .getSingleResult()).longValue() == 1));
    }

    private RequestSpecification step(String sessionId, String body) {
        return asClinician().body(body == null ? "{}" : body).basePath("/sessions/" + sessionId);
    }

    @Test
    void shouldRunADosingSessionSafelyFromPreparationToCompletion() {
        String prep = book("PREPARATION", Duration.ofHours(1));
        as(Roles.SCHEDULER).body("""
                        {"patientId": "%s", "clinicianId": "%s", "type": "DOSING", "start": "%s"}"""
                        .formatted(patientId, clinicianId, SettableClock.now().plus(Duration.ofHours(3))))
                .post("/sessions").then().statusCode(409).contentType("application/problem+json")
                .body("violations.rule", hasItem("a DOSING session needs a completed PREPARATION session first"));
        step(prep, null).post("/complete").then().statusCode(200).body("state", equalTo("COMPLETED"));

        String dosing = book("DOSING", Duration.ofHours(3));
        step(dosing, "{\"patientOnline\": true, \"sitterName\": \"Sam Rivera\", \"dosingAddress\": {\"street\": \"12 Oak St\", \"city\": \"Oakland\", \"region\": \"CA\", \"postalCode\": \"94607\", \"country\": \"US\"}}").post("/check-in")
                .then().statusCode(409).body("detail", containsString("no device is paired"));
        String token = asClinician().body("{\"role\": \"patient-device\", \"label\": \"cuff\"}")
                .post("/sessions/{id}/devices", dosing).then().statusCode(201).body("token", notNullValue())
                .extract().path("token");
        String claims = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        assertThat(claims).contains("\"session_id\":\"" + dosing + "\"").contains("patient-device");
        step(dosing, "{\"patientOnline\": true, \"sitterName\": \"Someone Else\"}").post("/check-in")
                .then().statusCode(409).body("detail", containsString("confirmed by name"));
        step(dosing, "{\"patientOnline\": true, \"sitterName\": \"sam rivera\", \"dosingAddress\": {\"street\": \"12 Oak St\", \"city\": \"Oakland\", \"region\": \"CA\", \"postalCode\": \"94607\", \"country\": \"US\"}}").post("/check-in")
                .then().statusCode(200).body("state", equalTo(CHECKED_IN.name()));

        step(dosing, null).post("/gate").then().statusCode(200).body("state", equalTo("HELD"))
                .body("history[-1].reason", containsString("no blood pressure measured in the last 15 minutes"));
        SettableClock.advance(Duration.ofMinutes(5));
        reading(dosing, 172, 96, 88);
        step(dosing, null).post("/gate").then().statusCode(200).body("state", equalTo("HELD"))
                .body("history[-1].reason", containsString("BP 172/96 is above 160/90"));
        reading(dosing, 132, 84, 76);
        step(dosing, null).post("/gate").then().statusCode(409).body("detail", containsString("5 minutes after the hold"));
        SettableClock.advance(Duration.ofMinutes(5));
        reading(dosing, 131, 83, 75);
        step(dosing, null).post("/gate").then().statusCode(200).body("state", equalTo("PRE_DOSE_CHECK"));
        step(dosing, null).post("/dose").then().statusCode(200).body("state", equalTo("DOSE_AUTHORIZED"))
                .body("dosedAt", equalTo(null)).body("authorizationExpiresAt", notNullValue())
                .body("nextSteps", equalTo(List.of("tablet-taken", "abort")));
        SettableClock.advance(Duration.ofMinutes(3));
        String tabletAt = step(dosing, null).post("/tablet-taken").then().statusCode(200).body("state", equalTo("DOSED"))
                .body("tabletConfirmedBy", containsString(clinicianId)).extract().path("dosedAt");
        assertThat(Instant.parse(tabletAt)).as("the dose time is when the tablet was taken")
                .isCloseTo(SettableClock.now(), org.assertj.core.api.Assertions.within(1, ChronoUnit.SECONDS));
        step(dosing, null).post("/monitoring").then().statusCode(200).body("state", equalTo("MONITORING"));
        step(dosing, null).post("/recovery").then().statusCode(409).body("detail", containsString("120 minutes"));
        SettableClock.advance(Duration.ofMinutes(121));
        asClinician().get("/sessions/{id}/discharge", dosing).then().statusCode(200).body("allMet", equalTo(false))
                .body("criteria.find { it.criterion == 'vitals' }.met", equalTo(false))
                .body("criteria.find { it.criterion == 'floor' }.met", equalTo(true));
        step(dosing, null).post("/recovery").then().statusCode(409).body("detail", containsString("vitals not met"))
                .body("detail", containsString("sitter not met")).body("detail", containsString("patient not met"));
        DoseSafetyTest.observed(dosing, DoseSafetyTest.readingEvent(dosing, 135, 86, 82, 97));
        DoseSafetyTest.observed(dosing, DoseSafetyTest.sitterEvent(dosing, 5, true));
        DoseSafetyTest.observed(dosing, DoseSafetyTest.patientEvent(dosing, true));
        asClinician().get("/sessions/{id}/discharge", dosing).then().statusCode(200).body("allMet", equalTo(true));
        step(dosing, null).post("/recovery").then().statusCode(200).body("state", equalTo("RECOVERED"))
                .body("history[-1].reason", equalTo("discharge criteria met"));
        step(dosing, null).post("/complete").then().statusCode(200).body("state", equalTo("COMPLETED"))
                .body("history.to", equalTo(List.of("SCHEDULED", "CHECKED_IN", "HELD", "HELD", "PRE_DOSE_CHECK",
                        "DOSE_AUTHORIZED", "DOSED", "MONITORING", "RECOVERED", "COMPLETED")))
                .body("proposedIntegration.clinicianId", equalTo(clinicianId))
                .body("proposedIntegration.start", notNullValue());

        var events = TopicProbe.awaitRecords(Topics.SESSIONS_LIFECYCLE,
                r -> dosing.equals(r.key()) && r.value().contains("\"change\":\"COMPLETED\""), Duration.ofSeconds(10));
        SessionChanged completed = EventJson.read(events.get(0).value(), SessionChanged.TYPE).payload();
        assertThat(completed.clinicianId()).isEqualTo(clinicianId);
        assertThat(completed.thresholds().spo2Critical()).isEqualTo(90);
        assertThat(completed.preDoseSystolic()).isEqualTo(131);
        assertThat(completed.dosedAt()).isNotNull();
        assertThat(completed.sitter().phone()).isEqualTo("+1 415 555 0188");
        assertThat(completed.checkInEveryMinutes()).isEqualTo(15);
        assertThat(TopicProbe.awaitRecords(Topics.SESSIONS_LIFECYCLE,
                        r -> dosing.equals(r.key()) && r.value().contains("\"change\":\"DOSED\""), Duration.ofSeconds(10)))
                .extracting(r -> EventJson.read(r.value(), SessionChanged.TYPE).payload().patientQuietWindow())
                .as("the plan's quiet window reaches vitals with the dose").containsExactly(THIRTY_TO_FORTY_FIVE);
        assertThat(completed.patientQuietWindow()).isEqualTo(THIRTY_TO_FORTY_FIVE);
    }

    @Test
    void shouldCarryNoQuietWindowForAPlanWithoutOneAndTheNewPlansOnceItIsApproved() {
        String olderPlan = UUID.randomUUID().toString();
        approvePlan(olderPlan, "CA", Instant.now().minusSeconds(60), null);
        patientId = olderPlan;
        String prep = book("PREPARATION", Duration.ofHours(1));
        SessionChanged scheduled = EventJson.read(TopicProbe.awaitRecords(Topics.SESSIONS_LIFECYCLE,
                r -> prep.equals(r.key()) && r.value().contains("\"change\":\"SCHEDULED\""), Duration.ofSeconds(10))
                .get(0).value(), SessionChanged.TYPE).payload();
        assertThat(scheduled.patientQuietWindow()).as("vitals uses its own setting").isNull();

        approvePlan(olderPlan, "CA", Instant.now(), new PatientQuietWindow(25, 70));
        step(prep, null).post("/complete").then().statusCode(200);
        SessionChanged completed = EventJson.read(TopicProbe.awaitRecords(Topics.SESSIONS_LIFECYCLE,
                r -> prep.equals(r.key()) && r.value().contains("\"change\":\"COMPLETED\""), Duration.ofSeconds(10))
                .get(0).value(), SessionChanged.TYPE).payload();
        assertThat(completed.patientQuietWindow()).isEqualTo(new PatientQuietWindow(25, 70));
    }

    @Test
    void shouldCarryThePlansWordOnTextingTheSitterWithTheContactsAndShowItOnTheConsole() {
        String leftOut = book("PREPARATION", Duration.ofHours(1));
        assertThat(changeOf(leftOut, "SCHEDULED").textSitterOnCriticalAlerts()).as("a plan silent on it: on").isTrue();
        console().get("/console/api/sessions/{id}", leftOut).then().statusCode(200)
                .body("textSitterOnCriticalAlerts", equalTo(true));

        String textsOff = UUID.randomUUID().toString();
        approvePlan(textsOff, "CA", Instant.now(), null, null, false);
        patientId = textsOff;
        String prep = book("PREPARATION", Duration.ofHours(4));
        assertThat(changeOf(prep, "SCHEDULED").textSitterOnCriticalAlerts()).isFalse();
        console().get("/console/api/sessions/{id}", prep).then().statusCode(200)
                .body("textSitterOnCriticalAlerts", equalTo(false)).body("sitter.name", equalTo("Sam Rivera"));
        step(prep, null).post("/complete").then().statusCode(200);
        String dosing = book("DOSING", Duration.ofDays(2));
        // Device changes carry no contacts, nor the word on texting them.
        asClinician().body("{\"role\": \"patient-device\", \"label\": \"cuff\"}")
                .post("/sessions/{id}/devices", dosing).then().statusCode(201);
        assertThat(changeOf(dosing, "DEVICE_PAIRED").textSitterOnCriticalAlerts()).isNull();

        approvePlan(textsOff, "CA", Instant.now(), null, null, true);
        as(Roles.SCHEDULER).body("{\"start\": \"%s\", \"reason\": \"sitter away\"}".formatted(
                        SettableClock.now().plus(Duration.ofDays(3)).truncatedTo(ChronoUnit.SECONDS)))
                .post("/sessions/{id}/reschedule", dosing).then().statusCode(200);
        assertThat(changeOf(dosing, "RESCHEDULED").textSitterOnCriticalAlerts()).as("the newer plan's").isTrue();
    }

    private static SessionChanged changeOf(String sessionId, String change) {
        return EventJson.read(TopicProbe.awaitRecords(Topics.SESSIONS_LIFECYCLE,
                r -> sessionId.equals(r.key()) && r.value().contains("\"change\":\"" + change + "\""), Duration.ofSeconds(10))
                .get(0).value(), SessionChanged.TYPE).payload();
    }

    private RequestSpecification console() {
        return given().cookie("console_token", DevTokens.forConsole(clinicianId, Roles.CLINICIAN))
                .header("X-Console-Request", "1");
    }

    @Test
    void shouldRefuseBadBookingsAndReschedulingWithoutAReason() {
        as(Roles.SCHEDULER).body("{\"type\": \"DOSING\"}").post("/sessions")
                .then().statusCode(400).body("violations.field", hasItem("patientId")).body("violations.field", hasItem("start"));
        as(Roles.SCHEDULER).body("{\"patientId\": \"%s\", \"clinicianId\": \"%s\", \"type\": \"NAP\", \"start\": \"2030-01-01T10:00:00Z\"}"
                .formatted(patientId, clinicianId)).post("/sessions").then().statusCode(400).body("violations[0].field", equalTo("type"));
        as(Roles.SCHEDULER).body("{\"patientId\": \"%s\", \"clinicianId\": \"nobody\", \"type\": \"PREPARATION\", \"start\": \"2030-01-01T10:00:00Z\"}"
                .formatted(patientId)).post("/sessions").then().statusCode(400).body("violations[0].rule", equalTo("no such clinician"));
        as(Roles.SCHEDULER).body("{\"patientId\": \"%s\", \"clinicianId\": \"%s\", \"type\": \"PREPARATION\", \"start\": \"2030-01-01T10:00:00Z\"}"
                .formatted(UUID.randomUUID(), clinicianId)).post("/sessions")
                .then().statusCode(409).body("violations.rule", hasItem("the patient has no approved treatment plan"));
        String other = UUID.randomUUID().toString();
        approvePlan(other, "TX");
        as(Roles.SCHEDULER).body("{\"patientId\": \"%s\", \"clinicianId\": \"%s\", \"type\": \"PREPARATION\", \"start\": \"2030-01-01T10:00:00Z\"}"
                .formatted(other, clinicianId)).post("/sessions")
                .then().statusCode(409).body("violations.rule", hasItem("the clinician is not licensed in TX, the patient's state"));

        String prep = book("PREPARATION", Duration.ofHours(1));
        as(Roles.SCHEDULER).body("{\"start\": \"" + SettableClock.now().plus(Duration.ofHours(5)) + "\"}")
                .post("/sessions/{id}/reschedule", prep).then().statusCode(400).body("violations[0].field", equalTo("reason"));
        as(Roles.SCHEDULER).body("{\"start\": \"" + SettableClock.now().plus(Duration.ofHours(5)).truncatedTo(ChronoUnit.SECONDS)
                        + "\", \"reason\": \"sitter away\"}")
                .post("/sessions/{id}/reschedule", prep).then().statusCode(200).body("history[-1].reason", equalTo("sitter away"));
        as(Roles.SCHEDULER).body("{}").post("/sessions/{id}/cancel", prep).then().statusCode(400)
                .body("violations[0].field", equalTo("reason"));
        as(Roles.SCHEDULER).body("{\"reason\": \"patient ill\"}").post("/sessions/{id}/cancel", prep)
                .then().statusCode(200).body("state", equalTo("CANCELLED"));
        step(prep, null).post("/complete").then().statusCode(409);
    }

    @Test
    void shouldRefuseABookingOrAMoveOfTheWrongShapeNamingTheFieldAndChangingNothing() {
        String start = SettableClock.now().plus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS).toString();
        String booking = "{\"patientId\": \"%s\", \"clinicianId\": \"%s\", %s\"start\": \"%s\"%s}";
        String[][] refused = {
                {booking.formatted(patientId, clinicianId, "\"type\": \"PREPARATION\", ", start, ", \"durationMinutes\": 14"),
                        "durationMinutes", "must be between 15 and 480"},
                {booking.formatted(patientId, clinicianId, "\"type\": \"PREPARATION\", ", start, ", \"durationMinutes\": 481"),
                        "durationMinutes", "must be between 15 and 480"},
                {booking.formatted(patientId, " ", "\"type\": \"PREPARATION\", ", start, ""), "clinicianId", "is required"},
                {booking.formatted(patientId, clinicianId, "", start, ""), "type", "is required"},
        };
        for (String[] bad : refused) {
            as(Roles.SCHEDULER).body(bad[0]).post("/sessions").then().statusCode(400).contentType("application/problem+json")
                    .body("violations.field", equalTo(List.of(bad[1]))).body("violations[0].rule", equalTo(bad[2]));
        }
        as(Roles.SCHEDULER).post("/sessions").then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", equalTo(List.of("body"))).body("violations[0].rule", equalTo("is required"));
        assertThat(QuarkusTransaction.requiringNew().call(() -> SessionRecord.count("patientId", UUID.fromString(patientId))))
                .isZero();

        String prep = book("PREPARATION", Duration.ofHours(1));
        String booked = asClinician().get("/sessions/{id}", prep).then().statusCode(200).extract().path("start");
        as(Roles.SCHEDULER).body("{\"reason\": \"sitter away\"}").post("/sessions/{id}/reschedule", prep).then()
                .statusCode(400).contentType("application/problem+json").body("violations.field", equalTo(List.of("start")))
                .body("violations[0].rule", equalTo("is required"));
        as(Roles.SCHEDULER).body("{\"start\": \"%s\", \"reason\": \" \"}".formatted(start))
                .post("/sessions/{id}/reschedule", prep).then().statusCode(400)
                .body("violations.field", equalTo(List.of("reason"))).body("violations[0].rule", equalTo("is required to reschedule"));
        as(Roles.SCHEDULER).post("/sessions/{id}/reschedule", prep).then().statusCode(400)
                .body("violations.field", equalTo(List.of("body")));
        asClinician().get("/sessions/{id}", prep).then().statusCode(200).body("start", equalTo(booked))
                .body("history", hasSize(1));
    }

    @Test
    void shouldLetOnlyTheSessionsClinicianRunItAndSchedulersOnlyBookAndCancel() {
        String prep = book("PREPARATION", Duration.ofHours(1));

        given().get("/sessions/{id}", prep).then().statusCode(401);
        as(Roles.CLINICIAN).get("/sessions/{id}", prep).then().statusCode(403).contentType("application/problem+json");
        as(Roles.INTAKE).get("/sessions/{id}", prep).then().statusCode(403);
        as(Roles.CLINICIAN).body("{}").post("/sessions/{id}/complete", prep).then().statusCode(403);
        as(Roles.SCHEDULER).body("{}").post("/sessions/{id}/complete", prep).then().statusCode(403);
        as(Roles.CLINICIAN).body("{\"patientId\": \"%s\", \"clinicianId\": \"%s\", \"type\": \"PREPARATION\", \"start\": \"2030-01-01T10:00:00Z\"}"
                .formatted(patientId, clinicianId)).post("/sessions").then().statusCode(403);
        as(Roles.PATIENT_DEVICE).body("{\"role\": \"patient-device\", \"label\": \"x\"}").post("/sessions/{id}/devices", prep)
                .then().statusCode(401); // a device token is for vitals-service only
        as(Roles.SCHEDULER).body("{\"role\": \"patient-device\", \"label\": \"x\"}").post("/sessions/{id}/devices", prep)
                .then().statusCode(403);
        asClinician().get("/sessions/{id}", prep).then().statusCode(200)
                .body("startPatientLocal", notNullValue()).body("patientTimezone", equalTo("America/Los_Angeles"));
        asClinician().body("{}").post("/sessions/{id}/teleport", prep).then().statusCode(404);
        as(Roles.ADMIN).get("/sessions/{id}", UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void shouldSuggestFreeSlotsAndRefuseABadSearch() {
        String busy = book("PREPARATION", Duration.ofHours(2));
        String taken = asClinician().get("/sessions/{id}", busy).then().statusCode(200).extract().path("start");

        var starts = as(Roles.SCHEDULER).queryParam("patientId", patientId).queryParam("type", "integration")
                .queryParam("days", 1).queryParam("limit", 50)
                .get("/availability").then().statusCode(200).extract().jsonPath().getList("findAll { it.clinicianId == '"
                        + clinicianId + "' }.start", String.class);
        assertThat(starts).isNotEmpty().doesNotContain(taken);

        as(Roles.SCHEDULER).queryParam("patientId", "x").queryParam("type", "NAP").queryParam("days", 99)
                .get("/availability").then().statusCode(400)
                .body("violations.field", containsInAnyOrder("patientId", "type", "days"));
        as(Roles.SCHEDULER).queryParam("from", "yesterday").queryParam("limit", 51).get("/availability").then().statusCode(400)
                .contentType("application/problem+json")
                .body("violations.findAll { it.field == 'patientId' }.rule", equalTo(List.of("is required")))
                .body("violations.findAll { it.field == 'type' }.rule", equalTo(List.of("is required")))
                .body("violations.findAll { it.field == 'from' }.rule",
                        equalTo(List.of("must be an instant, e.g. 2026-12-01T15:00:00Z")))
                .body("violations.findAll { it.field == 'limit' }.rule", equalTo(List.of("must be between 1 and 50")))
                .body("violations", hasSize(4));
        as(Roles.SCHEDULER).queryParam("patientId", patientId).queryParam("type", "dosing").queryParam("days", 0)
                .get("/availability").then().statusCode(400).body("violations.field", equalTo(List.of("days")))
                .body("violations[0].rule", equalTo("must be between 1 and 28"));
        as(Roles.INTAKE).queryParam("patientId", patientId).queryParam("type", "DOSING").get("/availability")
                .then().statusCode(403);
    }

    @Test
    void shouldRevokeADeviceSoItNoLongerCountsAsPaired() {
        String prep = book("PREPARATION", Duration.ofHours(1));
        step(prep, null).post("/complete").then().statusCode(200);
        String dosing = book("DOSING", Duration.ofDays(2));
        String deviceId = asClinician().body("{\"role\": \"patient-device\", \"label\": \"cuff\"}")
                .post("/sessions/{id}/devices", dosing).then().statusCode(201).extract().path("deviceId");
        asClinician().body("{\"role\": \"watch\", \"label\": \"\"}").post("/sessions/{id}/devices", dosing)
                .then().statusCode(400);

        asClinician().delete("/sessions/{id}/devices/{device}", dosing, deviceId).then().statusCode(204);
        var revoked = TopicProbe.awaitRecords(Topics.SESSIONS_LIFECYCLE,
                r -> dosing.equals(r.key()) && r.value().contains("DEVICE_REVOKED"), Duration.ofSeconds(10));
        assertThat(EventJson.read(revoked.get(0).value(), SessionChanged.TYPE).payload().deviceId()).isEqualTo(deviceId);
        asClinician().delete("/sessions/{id}/devices/{device}", dosing, UUID.randomUUID()).then().statusCode(404);
        step(dosing, "{\"patientOnline\": true, \"sitterName\": \"Sam Rivera\", \"dosingAddress\": {\"street\": \"12 Oak St\", \"city\": \"Oakland\", \"region\": \"CA\", \"postalCode\": \"94607\", \"country\": \"US\"}}").post("/check-in")
                .then().statusCode(409).body("detail", containsString("no device is paired"));
    }

    @Test
    void shouldLetOnlyCliniciansPairAndReplaceTheEarlierDeviceOfTheSameRole() {
        String prep = book("PREPARATION", Duration.ofHours(1));
        step(prep, null).post("/complete").then().statusCode(200);
        String dosing = book("DOSING", Duration.ofDays(2));
        as(Roles.SCHEDULER).body("{\"role\": \"patient-device\", \"label\": \"cuff\"}").post("/sessions/{id}/devices", dosing)
                .then().statusCode(403).contentType("application/problem+json");

        var first = asClinician().body("{\"role\": \"sitter\", \"label\": \"old phone\"}")
                .post("/sessions/{id}/devices", dosing).then().statusCode(201).extract().jsonPath();
        String claims = new String(java.util.Base64.getUrlDecoder().decode(first.getString("token").split("\\.")[1]),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(claims).contains("\"device_id\":\"" + first.getString("deviceId") + "\"")
                .contains("\"session_id\":\"" + dosing + "\"");
        // For vitals, and for session-service's own device endpoints (which verify it themselves), nothing else.
        assertThat(io.restassured.path.json.JsonPath.from(claims).getList("aud", String.class))
                .containsExactly(care.ketamine.contracts.security.Audiences.VITALS,
                        care.ketamine.contracts.security.Audiences.SESSION_DEVICE);
        String second = asClinician().body("{\"role\": \"sitter\", \"label\": \"new phone\"}")
                .post("/sessions/{id}/devices", dosing).then().statusCode(201).extract().path("deviceId");

        var revoked = TopicProbe.awaitRecords(Topics.SESSIONS_LIFECYCLE,
                r -> dosing.equals(r.key()) && r.value().contains("DEVICE_REVOKED"), Duration.ofSeconds(10));
        assertThat(revoked).extracting(r -> EventJson.read(r.value(), SessionChanged.TYPE).payload().deviceId())
                .containsExactly(first.getString("deviceId")).doesNotContain(second);
        // Device events carry no names or phones (minimal PHI on Kafka); the session's own changes do, for alerting.
        var deviceEvents = TopicProbe.awaitRecords(Topics.SESSIONS_LIFECYCLE,
                r -> dosing.equals(r.key()) && r.value().contains("DEVICE_"), Duration.ofSeconds(10));
        assertThat(deviceEvents).isNotEmpty().allSatisfy(r -> assertThat(r.value()).doesNotContain("Sam Rivera")
                .doesNotContain("+1 415 555 0188").doesNotContain("Jo Rivera"));
        assertThat(TopicProbe.awaitRecords(Topics.SESSIONS_LIFECYCLE,
                r -> dosing.equals(r.key()) && r.value().contains("\"SCHEDULED\""), Duration.ofSeconds(10)))
                .anySatisfy(r -> assertThat(r.value()).contains("Sam Rivera"));
    }

    @Test
    void shouldSignDeviceTokensWithTheKeyItPublishesForVitals() throws Exception {
        String prep = book("PREPARATION", Duration.ofHours(1));
        step(prep, null).post("/complete").then().statusCode(200);
        String dosing = book("DOSING", Duration.ofDays(2));
        String token = asClinician().body("{\"role\": \"patient-device\", \"label\": \"cuff\"}")
                .post("/sessions/{id}/devices", dosing).then().statusCode(201).extract().path("token");
        String[] parts = token.split("\\.");
        var header = io.restassured.path.json.JsonPath.from(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8));
        String kid = header.getString("kid");
        assertThat(header.getString("alg")).isEqualTo("RS256");
        // The kid is the RFC 7638 thumbprint of the configured signing key's public part (the dev key in tests).
        String pem = java.nio.file.Files.readString(care.ketamine.testsupport.DevKeys.publicKey()).replaceAll("-----[A-Z ]+-----|\\s", "");
        var devKey = (java.security.interfaces.RSAPublicKey) java.security.KeyFactory.getInstance("RSA")
                .generatePublic(new java.security.spec.X509EncodedKeySpec(Base64.getDecoder().decode(pem)));
        assertThat(kid).isEqualTo(care.ketamine.contracts.sessions.DeviceKeyPublished.of(devKey, Instant.now()).kid());

        // Published at start on sessions.device-keys, keyed by kid; its key verifies the token.
        var published = TopicProbe.awaitRecords(Topics.SESSIONS_DEVICE_KEYS, r -> kid.equals(r.key()), Duration.ofSeconds(10));
        var jwk = EventJson.read(published.get(0).value(), care.ketamine.contracts.sessions.DeviceKeyPublished.TYPE).payload();
        assertThat(jwk.kid()).isEqualTo(kid);
        assertThat(jwk.use()).isEqualTo("sig");
        java.security.Signature rs256 = java.security.Signature.getInstance("SHA256withRSA");
        rs256.initVerify(jwk.publicKey());
        rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(rs256.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();
        assertThat(QuarkusTransaction.requiringNew().call(() -> io.quarkus.hibernate.orm.panache.Panache.getEntityManager()
                .createNativeQuery("SELECT count(*) FROM device_signing_key WHERE kid = ?1").setParameter(1, kid)
                .getSingleResult())).isEqualTo(1L);
    }

    @Test
    void shouldRefuseOversizedTextAndBodiesAndChangeNothing() {
        String prep = book("PREPARATION", Duration.ofHours(1));
        String tooLong = "x".repeat(1_001);

        step(prep, "{\"reason\": \"" + tooLong + "\"}").post("/cancel").then().statusCode(400)
                .contentType("application/problem+json").body("violations[0].field", equalTo("reason"))
                .body("violations[0].rule", containsString("at most 1000 characters"));
        // 400 emoji are 400 characters but 1,600 bytes: within both limits; 1,001 of them are not.
        step(prep, "{\"reason\": \"" + "\uD83D\uDE00".repeat(1_001) + "\"}").post("/cancel").then().statusCode(400);
        step(prep, "{\"patientOnline\": true, \"sitterName\": \"" + "s".repeat(201) + "\"}").post("/check-in")
                .then().statusCode(400).body("violations[0].field", equalTo("sitterName"));
        as(Roles.SCHEDULER).body("{\"start\": \"%s\", \"reason\": \"%s\"}".formatted(
                        SettableClock.now().plus(Duration.ofHours(5)).truncatedTo(ChronoUnit.SECONDS), tooLong))
                .post("/sessions/{id}/reschedule", prep).then().statusCode(400).body("violations[0].field", equalTo("reason"));
        asClinician().body("{\"role\": \"sitter\", \"label\": \"" + "l".repeat(201) + "\"}")
                .post("/sessions/{id}/devices", prep).then().statusCode(400);
        asClinician().body("{\"reason\": \"" + "y".repeat(70_000) + "\"}").post("/sessions/{id}/cancel", prep)
                .then().statusCode(413).contentType("application/problem+json");

        // The limits hold whichever step is asked: a handover's who-was-called, an override's reason.
        step(prep, "{\"called\": \"" + "c".repeat(201) + "\"}").post("/handover").then().statusCode(400)
                .contentType("application/problem+json").body("violations.field", equalTo(List.of("called")))
                .body("violations[0].rule", equalTo("at most 200 characters and 400 bytes (UTF-8)"));
        step(prep, "{\"overrides\": [{\"criterion\": \"sitter\", \"reason\": \"" + tooLong + "\"}]}").post("/recovery")
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", equalTo(List.of("overrides[0].reason")));

        asClinician().get("/sessions/{id}", prep).then().statusCode(200).body("state", equalTo("SCHEDULED"))
                .body("history", hasSize(1));
        step(prep, "{\"reason\": \"" + "\uD83D\uDE00".repeat(400) + "\"}").post("/cancel").then().statusCode(200);
    }

    @Test
    void shouldAuditEveryReadOfASession() {
        String prep = book("PREPARATION", Duration.ofHours(1));
        asClinician().get("/sessions/{id}", prep).then().statusCode(200);
        asClinician().get("/sessions/{id}", prep).then().statusCode(200);

        long reads = QuarkusTransaction.requiringNew().call(() -> ((Number) io.quarkus.hibernate.orm.panache.Panache.getEntityManager()
                .createNativeQuery("SELECT count(*) FROM read_audit WHERE actor = ?1 AND action = 'session.read' AND session_id = ?2")
                .setParameter(1, clinicianId).setParameter(2, prep).getSingleResult()).longValue());
        assertThat(reads).isEqualTo(2);
    }

    @Test
    void shouldCloseTheConsoleStreamOfAClinicianWhoIsDeactivated() throws Exception {
        String prep = book("PREPARATION", Duration.ofHours(1));
        java.net.URI stream = java.net.URI.create("http://localhost:" + io.restassured.RestAssured.port
                + "/console/api/sessions/" + prep + "/stream");
        try (var live = care.ketamine.testsupport.EventStreamProbe.open(stream, DevTokens.forConsole(clinicianId, Roles.CLINICIAN))) {
            assertThat(live.endsWithin(Duration.ofSeconds(3))).as("open while the clinician is active").isFalse();

            as(Roles.ADMIN).body("""
                    {"displayName": "Dr Test", "licenceType": "MD", "licensedStates": ["CA"], "timezone": "America/Los_Angeles",
                     "availability": [{"day": "MONDAY", "from": "09:00", "to": "17:00"}], "active": false}""")
                    .put("/clinicians/{id}", clinicianId).then().statusCode(200);

            assertThat(live.endsWithin(Duration.ofSeconds(10))).as("closed at the next sweep").isTrue();
        }
    }
}
