package care.ketamine.session.console;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.intake.MonitoringThresholds;
import care.ketamine.contracts.intake.TreatmentPlanApproved;
import care.ketamine.contracts.security.Roles;
import care.ketamine.session.plan.PatientPlan;
import care.ketamine.session.lifecycle.SessionRecord;
import care.ketamine.testsupport.ClinicianHours;
import care.ketamine.testsupport.DevTokens;
import care.ketamine.testsupport.RealInfrastructure;
import care.ketamine.testsupport.SettableClock;
import care.ketamine.testsupport.TopicProbe;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;

/**
 * The console's dosing-safety endpoints: the discharge proposal and the monitoring record under
 * /console/api for the session's clinician signed in to the console (and admins), audited on every
 * read; the tablet confirmed and the early discharge taken from the console with its overrides.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class ConsoleDosingTest {

    @Inject
    EntityManager entityManager;

    private static RequestSpecification console(String subject, String role) {
        return given().cookie("console_token", DevTokens.forConsole(subject, role)).header("X-Console-Request", "1");
    }

    @Test
    void shouldShowTheDischargeProposalAndTheRecordToTheSessionsClinicianAndAuditEachRead() throws Exception {
        String clinicianId = clinician();
        String session = dosedSession(clinicianId, "MONITORING", Duration.ofMinutes(30));

        console(clinicianId, Roles.CLINICIAN).get("/console/api/sessions/{id}/discharge", session).then().statusCode(200)
                .contentType(ContentType.JSON).body("state", equalTo("MONITORING")).body("allMet", equalTo(false))
                .body("criteria.criterion", hasItems("vitals", "sitter", "patient", "alerts", "floor"))
                .body("criteria.find { it.criterion == 'floor' }.met", equalTo(false))
                .body("criteria.find { it.criterion == 'floor' }.overridable", equalTo(false))
                .body("criteria.find { it.criterion == 'alerts' }.met", equalTo(true));
        assertThat(audits(session, "session.discharge.read")).isEqualTo(1);

        console(clinicianId, Roles.CLINICIAN).accept(ContentType.JSON).get("/console/api/sessions/{id}/record", session)
                .then().statusCode(200).contentType(ContentType.JSON).body("sessionId", equalTo(session))
                .body("beforeDose.systolic", equalTo(131)).body("state", equalTo("MONITORING"));
        assertThat(audits(session, "session.record.read.json")).isEqualTo(1);

        var pdf = console(clinicianId, Roles.CLINICIAN).accept("application/pdf").get("/console/api/sessions/{id}/record", session)
                .then().statusCode(200).contentType("application/pdf")
                .header("Content-Disposition", containsString("filename=\"monitoring-record-" + session + ".pdf\""))
                .extract().asByteArray();
        assertThat(new String(pdf, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        assertThat(audits(session, "session.record.read.pdf")).isEqualTo(1);

        console("admin-console", Roles.ADMIN).get("/console/api/sessions/{id}/record", session).then().statusCode(200);
        assertThat(audits(session, "session.record.read.json")).isEqualTo(2);

        // The page's link cannot set Accept: it asks with ?format=pdf. An unknown format is a clear 400.
        console(clinicianId, Roles.CLINICIAN).accept("text/html,*/*;q=0.8").get("/console/api/sessions/{id}/record?format=pdf", session)
                .then().statusCode(200).contentType("application/pdf");
        assertThat(audits(session, "session.record.read.pdf")).isEqualTo(2);
        console(clinicianId, Roles.CLINICIAN).get("/console/api/sessions/{id}/record?format=xml", session).then()
                .statusCode(400).contentType("application/problem+json").body("violations.field", hasItem("format"))
                .body("violations[0].rule", equalTo("must be pdf or json"));

        // Before the tablet there is nothing to discharge from: a clear 409.
        String another = clinician();
        String scheduled = book(approvedPatient(), another, Duration.ofHours(3));
        console(another, Roles.CLINICIAN).get("/console/api/sessions/{id}/discharge", scheduled).then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("No tablet has been taken"));
    }

    @Test
    void shouldPairADeviceByKindFromTheConsoleForTheSessionsClinicianOnly() {
        String clinicianId = clinician();
        String session = book(approvedPatient(), clinicianId, Duration.ofHours(3));
        String oximeter = """
                {"role": "patient-device", "label": "finger clip", "kind": "pulse-oximeter", "cadenceSeconds": 5,
                 "manufacturer": "Nonin", "model": "3230"}""";

        console("dr-someone-else", Roles.CLINICIAN).contentType(ContentType.JSON).body(oximeter)
                .post("/console/api/sessions/{id}/devices", session).then().statusCode(403);
        console("nurse-console", Roles.ON_CALL).contentType(ContentType.JSON).body(oximeter)
                .post("/console/api/sessions/{id}/devices", session).then().statusCode(403);
        given().cookie("console_token", DevTokens.forConsole(clinicianId, Roles.CLINICIAN)).contentType(ContentType.JSON)
                .body(oximeter).post("/console/api/sessions/{id}/devices", session).then().statusCode(403)
                .body("detail", containsString("X-Console-Request"));
        console(clinicianId, Roles.CLINICIAN).contentType(ContentType.JSON)
                .body("{\"role\": \"patient-device\", \"label\": \"x\", \"kind\": \"pulse-oximeter\", \"cadenceSeconds\": 120}")
                .post("/console/api/sessions/{id}/devices", session).then().statusCode(400)
                .contentType("application/problem+json").body("violations.field", hasItem("cadenceSeconds"));
        console(clinicianId, Roles.CLINICIAN).contentType(ContentType.JSON).body("{\"role\": \"sitter\", \"label\": \" \"}")
                .post("/console/api/sessions/{id}/devices", session).then().statusCode(400)
                .contentType("application/problem+json").body("violations.field", equalTo(java.util.List.of("label")));
        console(clinicianId, Roles.CLINICIAN).contentType(ContentType.JSON).body("{\"reason\": \"" + "r".repeat(1_001) + "\"}")
                .post("/console/api/sessions/{id}/steps/cancel", session).then().statusCode(400)
                .contentType("application/problem+json").body("violations.field", equalTo(java.util.List.of("reason")));
        assertThat(state(session)).isEqualTo("SCHEDULED");
        assertThat(QuarkusTransaction.requiringNew().call(() -> care.ketamine.session.device.PairedDevice
                .count("sessionId", UUID.fromString(session)))).isZero();

        console(clinicianId, Roles.CLINICIAN).contentType(ContentType.JSON).body(oximeter)
                .post("/console/api/sessions/{id}/devices", session).then().statusCode(201)
                .body("kind", equalTo("pulse-oximeter")).body("cadenceSeconds", equalTo(5)).body("token", notNullValue());
        console(clinicianId, Roles.CLINICIAN).get("/console/api/sessions/{id}", session).then().statusCode(200)
                .body("session.devices[0].kind", equalTo("pulse-oximeter"))
                .body("session.devices[0].cadenceSeconds", equalTo(5))
                .body("session.devices[0].manufacturer", equalTo("Nonin"));
    }

    @Test
    void shouldRefuseOthersAnApiTokenAndAReadFromAnotherSite() {
        String clinicianId = clinician();
        String session = dosedSession(clinicianId, "MONITORING", Duration.ofMinutes(30));

        for (String path : new String[]{"/console/api/sessions/{id}/discharge", "/console/api/sessions/{id}/record"}) {
            console("dr-someone-else", Roles.CLINICIAN).get(path, session).then().statusCode(403)
                    .contentType("application/problem+json");
            // On-call staff see alerts, not records or proposals.
            console("nurse-console", Roles.ON_CALL).get(path, session).then().statusCode(403);
            // The API's bearer token is not the console's.
            given().auth().oauth2(DevTokens.sign(clinicianId, Roles.CLINICIAN, null, Duration.ofHours(1)))
                    .header("X-Console-Request", "1").get(path, session).then().statusCode(401);
            given().get(path, session).then().statusCode(401);
            // A page of another site in the clinician's browser: refused before any read is made in their name.
            console(clinicianId, Roles.CLINICIAN).header("Sec-Fetch-Site", "same-site").get(path, session).then()
                    .statusCode(403).body("detail", containsString("another site"));
            console(clinicianId, Roles.CLINICIAN).header("Sec-Fetch-Site", "cross-site").get(path, session).then()
                    .statusCode(403);
        }
        assertThat(audits(session, "session.discharge.read") + audits(session, "session.record.read.json")
                + audits(session, "session.record.read.pdf")).isZero();

        // The console's own page, a link in it, or the address typed in: read.
        console(clinicianId, Roles.CLINICIAN).header("Sec-Fetch-Site", "same-origin")
                .get("/console/api/sessions/{id}/discharge", session).then().statusCode(200);
        console(clinicianId, Roles.CLINICIAN).header("Sec-Fetch-Site", "none").accept("application/pdf")
                .get("/console/api/sessions/{id}/record", session).then().statusCode(200).contentType("application/pdf");
        assertThat(audits(session, "session.discharge.read")).isEqualTo(1);
        assertThat(audits(session, "session.record.read.pdf")).isEqualTo(1);
    }

    @Test
    void shouldConfirmTheTabletFromTheConsoleOnlyWithTheConsolesHeader() {
        String clinicianId = clinician();
        String session = book(approvedPatient(), clinicianId, Duration.ofHours(3));
        Instant authorized = SettableClock.now().minus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.SECONDS);
        QuarkusTransaction.requiringNew().run(() -> {
            SessionRecord s = SessionRecord.findById(UUID.fromString(session));
            s.state = "DOSE_AUTHORIZED";
            s.gatePassedAt = authorized.minus(Duration.ofMinutes(1));
            s.doseAuthorizedAt = authorized;
            s.preDoseSystolic = 131;
            s.preDoseDiastolic = 83;
            s.preDoseHeartRate = 75;
        });
        // The console's countdown counts to this.
        String expires = console(clinicianId, Roles.CLINICIAN).get("/console/api/sessions/{id}", session).then()
                .statusCode(200).body("actions.step", hasItem("tablet-taken")).body("actions.find { it.step == 'tablet-taken' }.allowed", equalTo(true))
                .body("patientTimezone", equalTo("America/Los_Angeles")).body("checkInMissedAfterMillis", equalTo(300_000)).extract().path("session.authorizationExpiresAt");
        assertThat(Instant.parse(expires)).isEqualTo(authorized.plus(Duration.ofMinutes(15)));

        // Without the console's header (a forged cross-site form): refused, and nothing changes.
        given().cookie("console_token", DevTokens.forConsole(clinicianId, Roles.CLINICIAN)).contentType(ContentType.JSON)
                .body("{}").post("/console/api/sessions/{id}/steps/tablet-taken", session).then().statusCode(403)
                .body("detail", containsString("X-Console-Request"));
        assertThat(state(session)).isEqualTo("DOSE_AUTHORIZED");
        console("dr-someone-else", Roles.CLINICIAN).contentType(ContentType.JSON).body("{}")
                .post("/console/api/sessions/{id}/steps/tablet-taken", session).then().statusCode(403);
        assertThat(state(session)).isEqualTo("DOSE_AUTHORIZED");

        console(clinicianId, Roles.CLINICIAN).contentType(ContentType.JSON).body("{}")
                .post("/console/api/sessions/{id}/steps/tablet-taken", session).then().statusCode(200)
                .body("state", equalTo("DOSED"))
                .body("tabletConfirmedBy", equalTo("the clinician " + clinicianId + " on the patient's behalf"));
    }

    @Test
    void shouldDischargeAnEndedEarlySessionOnlyWithAWrittenReasonForEachUnmetCriterionAndNeverBeforeTheFloor() {
        String clinicianId = clinician();
        // Dosed 3 hours ago, no readings or check-ins since: vitals, sitter and patient are not met; the floor is.
        String session = dosedSession(clinicianId, "ENDED_EARLY", Duration.ofHours(3));
        String body = """
                {"overrides": [{"criterion": "vitals", "reason": "seen on video, BP taken manually 128/80"},
                               {"criterion": "sitter", "reason": "sitter confirmed by phone, fully alert"}]}""";
        console(clinicianId, Roles.CLINICIAN).contentType(ContentType.JSON).body(body)
                .post("/console/api/sessions/{id}/steps/discharge", session).then().statusCode(409)
                .contentType("application/problem+json")
                .body("violations.rule", hasItem(containsString("patient not met")));
        assertThat(state(session)).isEqualTo("ENDED_EARLY");

        console(clinicianId, Roles.CLINICIAN).contentType(ContentType.JSON).body("""
                        {"overrides": [{"criterion": "floor", "reason": "in a hurry"}]}""")
                .post("/console/api/sessions/{id}/steps/discharge", session).then().statusCode(400)
                .body("violations.rule", hasItem(containsString("cannot be overridden")));
        console(clinicianId, Roles.CLINICIAN).contentType(ContentType.JSON).body("""
                        {"overrides": [{"criterion": "vitals", "reason": " "}]}""")
                .post("/console/api/sessions/{id}/steps/discharge", session).then().statusCode(400);
        assertThat(state(session)).isEqualTo("ENDED_EARLY");

        console(clinicianId, Roles.CLINICIAN).contentType(ContentType.JSON).body(body.replace("]}",
                        ", {\"criterion\": \"patient\", \"reason\": \"spoke with the patient, oriented and well\"}]}"))
                .post("/console/api/sessions/{id}/steps/discharge", session).then().statusCode(200)
                .body("state", equalTo("ABORTED"));
    }

    private String dosedSession(String clinicianId, String state, Duration dosedAgo) {
        String session = book(approvedPatient(), clinicianId, Duration.ofHours(3));
        QuarkusTransaction.requiringNew().run(() -> {
            SessionRecord s = SessionRecord.findById(UUID.fromString(session));
            s.state = state;
            s.dosedAt = SettableClock.now().minus(dosedAgo);
            s.preDoseSystolic = 131;
            s.preDoseDiastolic = 83;
            s.preDoseHeartRate = 75;
            s.tabletConfirmedBy = "the clinician " + clinicianId + " on the patient's behalf";
            if ("ENDED_EARLY".equals(state)) {
                s.endedEarlyReason = "patient asked to stop";
            }
        });
        return session;
    }

    private String clinician() {
        String id = "dr-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(DevTokens.forRole(Roles.ADMIN)).contentType(ContentType.JSON).body(ClinicianHours.availableAllDay(id, "Dr Console Dosing"))
                .post("/clinicians").then().statusCode(201);
        return id;
    }

    /** A patient with an approved plan and a completed preparation session, ready for a dose. */
    private static String approvedPatient() {
        String patientId = UUID.randomUUID().toString();
        TreatmentPlanApproved plan = new TreatmentPlanApproved(patientId, UUID.randomUUID().toString(), null, "CA",
                "America/Los_Angeles", 6, 3, 300, new MonitoringThresholds(160, 90, 100, 160, 100, 40, 25, 120, 50, 92, 90),
                124, 80, new TreatmentPlanApproved.Person("Sam Rivera", "+1 415 555 0188", "spouse"),
                new TreatmentPlanApproved.Person("Jo Rivera", "+1 415 555 0101", "sister"), "dr-intake", Instant.now(), java.util.List.of(), null);
        TopicProbe.send(Topics.INTAKE_PATIENTS, patientId,
                EventJson.write(EventEnvelope.wrap(TreatmentPlanApproved.TYPE, patientId, plan, Clock.systemUTC())));
        await().atMost(Duration.ofSeconds(10)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> PatientPlan.findById(UUID.fromString(patientId))) != null);
        return patientId;
    }

    private static String book(String patientId, String clinicianId, Duration fromNow) {
        String prep = schedule(patientId, clinicianId, "PREPARATION", Duration.ofHours(1));
        QuarkusTransaction.requiringNew().run(() -> SessionRecord.<SessionRecord>findById(UUID.fromString(prep)).state = "COMPLETED");
        return schedule(patientId, clinicianId, "DOSING", fromNow);
    }

    private static String schedule(String patientId, String clinicianId, String type, Duration fromNow) {
        return given().auth().oauth2(DevTokens.forRole(Roles.SCHEDULER)).contentType(ContentType.JSON).body("""
                        {"patientId": "%s", "clinicianId": "%s", "type": "%s", "start": "%s"}"""
                        .formatted(patientId, clinicianId, type, SettableClock.now().plus(fromNow).truncatedTo(ChronoUnit.SECONDS)))
                .post("/sessions").then().statusCode(201).extract().path("id");
    }

    private String state(String sessionId) {
        return QuarkusTransaction.requiringNew().call(() -> SessionRecord.<SessionRecord>findById(UUID.fromString(sessionId)).state);
    }

    private long audits(String sessionId, String action) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                        "SELECT count(*) FROM read_audit WHERE session_id = ?1 AND action = ?2")
                .setParameter(1, sessionId).setParameter(2, action).getSingleResult()).longValue());
    }
}
