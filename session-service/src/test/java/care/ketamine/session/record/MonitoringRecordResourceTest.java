package care.ketamine.session.record;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.EventType;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.alerts.AlertSnapshot;
import care.ketamine.contracts.intake.MonitoringThresholds;
import care.ketamine.contracts.intake.TreatmentPlanApproved;
import care.ketamine.contracts.security.Audiences;
import care.ketamine.contracts.security.Roles;
import care.ketamine.contracts.vitals.PatientCheckedIn;
import care.ketamine.contracts.vitals.ReadingRecorded;
import care.ketamine.contracts.vitals.SitterCheckedIn;
import care.ketamine.session.plan.PatientPlan;
import care.ketamine.session.lifecycle.SessionRecord;
import care.ketamine.session.lifecycle.SessionTransition;
import care.ketamine.testsupport.ClinicianHours;
import care.ketamine.testsupport.DevTokens;
import care.ketamine.testsupport.RealInfrastructure;
import care.ketamine.testsupport.SettableClock;
import care.ketamine.testsupport.TopicProbe;
import com.lowagie.text.pdf.PdfReader;
import com.lowagie.text.pdf.parser.PdfTextExtractor;
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
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/**
 * GET /sessions/{id}/record: its figures come from the readings, check-ins and alerts that reached
 * the session's console feed from Kafka; only the session's clinician and admins read it; every read
 * is audited. The session's own facts (dose time, pre-dose reading, steps) are written to its rows
 * directly, so the test does not depend on how the lifecycle reaches them.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class MonitoringRecordResourceTest {

    @Inject
    EntityManager entityManager;

    private static RequestSpecification as(String subject, String role) {
        return given().auth().oauth2(DevTokens.sign(subject, role, null, Duration.ofHours(1)));
    }

    @Test
    void shouldComputeTheRecordFromTheSessionsOwnRowsForItsClinicianAndAuditEveryRead() throws Exception {
        String clinicianId = clinician();
        String patientId = UUID.randomUUID().toString();
        approvePlan(patientId, List.of("benzodiazepine", "opioid"));
        String prep = book(patientId, clinicianId, "PREPARATION", Duration.ofHours(1));
        // A preparation session has no monitoring record: a clear 409.
        as(clinicianId, Roles.CLINICIAN).get("/sessions/{id}/record", prep).then().statusCode(409)
                .contentType("application/problem+json").body("detail", equalTo(
                        "A monitoring record is kept for DOSING sessions; this is a PREPARATION session"));
        setState(prep, "COMPLETED", null);
        String dosing = book(patientId, clinicianId, "DOSING", Duration.ofHours(3));

        // The tablet was taken at D (on the hour, so local times are whole minutes); the session ran and completed.
        Instant d = SettableClock.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.HOURS);
        setState(dosing, "COMPLETED", d);
        transitions(dosing, clinicianId, List.of("CHECKED_IN", "PRE_DOSE_CHECK", "DOSED", "MONITORING", "RECOVERED", "COMPLETED"),
                List.of(-20, -5, 0, 5, 130, 145), d);
        reading(dosing, d, -5, 131, 83, 75, 98);
        reading(dosing, d, 35, 158, 99, 92, 95);  // nearest 40 minutes
        reading(dosing, d, 46, 162, 101, 94, 93);
        reading(dosing, d, 75, 140, 88, 80, 88);  // SpO2 below 90: respiratory depression, and the worst SpO2
        reading(dosing, d, 125, 130, 82, 74, 96); // the last before recovery
        reading(dosing, d, 140, 128, 80, 72, 97);
        observation(dosing, PatientCheckedIn.TYPE, new PatientCheckedIn("p-30", null, dosing, "device-1", 2, 1, 1, 3, 2, true,
                d.plus(Duration.ofMinutes(30)), d.plus(Duration.ofMinutes(30))));
        observation(dosing, SitterCheckedIn.TYPE, new SitterCheckedIn("s-15", null, dosing, "sitter-1", 5, true,
                d.plus(Duration.ofMinutes(15)), d.plus(Duration.ofMinutes(15))));
        observation(dosing, SitterCheckedIn.TYPE, new SitterCheckedIn("s-45", null, dosing, "sitter-1", 3, true,
                d.plus(Duration.ofMinutes(45)), d.plus(Duration.ofMinutes(45))));
        UUID alertId = UUID.randomUUID();
        alert(AlertSnapshot.RAISED, alertId, dosing, patientId, clinicianId, "OPEN", d, 1, null, null);
        alert(AlertSnapshot.RESOLVED, alertId, dosing, patientId, clinicianId, "RESOLVED", d, 2, clinicianId,
                "sats back to 96 after repositioning");
        await().atMost(Duration.ofSeconds(15)).until(() -> feedRows(dosing) == 9 && resolved(alertId));

        var json = as(clinicianId, Roles.CLINICIAN).accept(ContentType.JSON).get("/sessions/{id}/record", dosing)
                .then().statusCode(200).contentType(ContentType.JSON).extract().jsonPath();
        assertThat(json.getString("dosedAt")).isEqualTo(d.toString());
        assertThat(json.getInt("beforeDose.systolic")).isEqualTo(131);
        assertThat(json.getString("beforeDose.measuredAt")).isEqualTo(d.minus(Duration.ofMinutes(5)).toString());
        assertThat(json.getString("atPeak.measuredAt")).isEqualTo(d.plus(Duration.ofMinutes(35)).toString());
        assertThat(json.getInt("atPeak.systolic")).isEqualTo(158);
        assertThat(json.getInt("atPeak.minutesAfterDose")).isEqualTo(35);
        assertThat(json.getInt("beforeDischarge.systolic")).isEqualTo(130);
        assertThat(json.getInt("worstSpo2.spo2")).isEqualTo(88);
        assertThat(json.getString("respiratoryDepression.outcome")).isEqualTo("OCCURRED");
        assertThat(json.getString("respiratoryDepression.firstAt")).isEqualTo(d.plus(Duration.ofMinutes(75)).toString());
        assertThat(json.getString("sedation.outcome")).isEqualTo("OCCURRED");
        assertThat(json.getString("sedation.firstAt")).isEqualTo(d.plus(Duration.ofMinutes(45)).toString());
        assertThat(json.getString("dissociation.firstAt")).isEqualTo(d.plus(Duration.ofMinutes(30)).toString());
        assertThat(json.getString("discharge.metCriteriaAt")).isEqualTo(d.plus(Duration.ofMinutes(130)).toString());
        assertThat(json.getString("discharge.floorAt")).isEqualTo(d.plus(Duration.ofMinutes(120)).toString());
        assertThat(json.getList("alerts.rule", String.class)).containsExactly("spo2-low");
        assertThat(json.getString("alerts[0].resolution")).isEqualTo("sats back to 96 after repositioning");
        assertThat(json.getBoolean("medicationsOfConcern.available")).isTrue();
        assertThat(json.getList("medicationsOfConcern.medications", String.class)).containsExactly("benzodiazepine", "opioid");
        assertThat(json.getList("steps.to", String.class)).containsExactly("SCHEDULED", "CHECKED_IN", "PRE_DOSE_CHECK",
                "DOSED", "MONITORING", "RECOVERED", "COMPLETED");
        assertThat(audits(dosing, "session.record.read.json")).isEqualTo(1);

        byte[] pdf = as(clinicianId, Roles.CLINICIAN).accept("application/pdf").get("/sessions/{id}/record", dosing)
                .then().statusCode(200).contentType("application/pdf").extract().asByteArray();
        assertThat(new String(pdf, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        PdfReader reader = new PdfReader(pdf);
        String text = new PdfTextExtractor(reader).getTextFromPage(1).replaceAll("\\s+", " ");
        reader.close();
        assertThat(text).contains(dosing, "131/83", "158/99", "130/82", "Worst SpO2: 88%", "spo2-low",
                "sats back to 96 after repositioning", "benzodiazepine, opioid");
        assertThat(audits(dosing, "session.record.read.pdf")).isEqualTo(1);

        as("admin-1", Roles.ADMIN).get("/sessions/{id}/record", dosing).then().statusCode(200)
                .body("sessionId", equalTo(dosing));
        assertThat(audits(dosing, "session.record.read.json")).isEqualTo(2);
    }

    @Test
    void shouldRefuseEveryoneButTheSessionsClinicianAndAdminsAndAnswer404ForAnUnknownSession() {
        String clinicianId = clinician();
        String patientId = UUID.randomUUID().toString();
        approvePlanOnAnOlderEvent(patientId);
        setState(book(patientId, clinicianId, "PREPARATION", Duration.ofHours(1)), "COMPLETED", null);
        String dosing = book(patientId, clinicianId, "DOSING", Duration.ofHours(3));

        as("dr-someone-else", Roles.CLINICIAN).get("/sessions/{id}/record", dosing).then().statusCode(403)
                .contentType("application/problem+json");
        as("scheduler-1", Roles.SCHEDULER).get("/sessions/{id}/record", dosing).then().statusCode(403);
        as("nurse-1", Roles.ON_CALL).get("/sessions/{id}/record", dosing).then().statusCode(403);
        as("intake-1", Roles.INTAKE).get("/sessions/{id}/record", dosing).then().statusCode(403);
        // A device token names vitals-service only: refused here at the audience. One naming this service: at the role.
        given().auth().oauth2(DevTokens.forSession(Roles.PATIENT_DEVICE, dosing)).get("/sessions/{id}/record", dosing)
                .then().statusCode(401);
        given().auth().oauth2(DevTokens.forAudiences("device-1", Roles.PATIENT_DEVICE, dosing,
                List.of(Audiences.SESSION))).get("/sessions/{id}/record", dosing).then().statusCode(403);
        given().accept("application/pdf").get("/sessions/{id}/record", dosing).then().statusCode(401);
        assertThat(audits(dosing, "session.record.read.json") + audits(dosing, "session.record.read.pdf")).isZero();

        as(clinicianId, Roles.CLINICIAN).get("/sessions/{id}/record", UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
        // Not yet run: a record with nothing measured, said plainly.
        as(clinicianId, Roles.CLINICIAN).get("/sessions/{id}/record", dosing).then().statusCode(200)
                .body("dosedAt", nullValue()).body("atPeak", nullValue()).body("sedation.outcome", equalTo("NOT_ASSESSED"))
                .body("discharge.metCriteriaAt", nullValue())
                // The plan came on an event from before intake carried the medications: not known, not "none".
                .body("medicationsOfConcern.available", equalTo(false))
                .body("medicationsOfConcern.note", containsString("approved before intake carried the medications"));
    }

    private String clinician() {
        String id = "dr-" + UUID.randomUUID().toString().substring(0, 8);
        as("admin-1", Roles.ADMIN).contentType(ContentType.JSON).body(ClinicianHours.availableAllDay(id, "Dr Record"))
                .post("/clinicians").then().statusCode(201);
        return id;
    }

    private static void approvePlan(String patientId, List<String> medicationsOfConcern) {
        publishPlan(patientId, EventJson.write(EventEnvelope.wrap(TreatmentPlanApproved.TYPE, patientId,
                plan(patientId, medicationsOfConcern), Clock.systemUTC())));
    }

    /** A plan approval as intake published it before it carried the medications of concern: no such field. */
    private static void approvePlanOnAnOlderEvent(String patientId) {
        String event = EventJson.write(EventEnvelope.wrap(TreatmentPlanApproved.TYPE, patientId, plan(patientId, null),
                Clock.systemUTC())).replace(",\"medicationsOfConcern\":null", "");
        assertThat(event).doesNotContain("medicationsOfConcern");
        publishPlan(patientId, event);
    }

    private static TreatmentPlanApproved plan(String patientId, List<String> medicationsOfConcern) {
        return new TreatmentPlanApproved(patientId, UUID.randomUUID().toString(), null, "CA",
                "America/Los_Angeles", 6, 3, 300, new MonitoringThresholds(160, 90, 100, 160, 100, 40, 25, 120, 50, 92, 90),
                124, 80, new TreatmentPlanApproved.Person("Sam Rivera", "+1 415 555 0188", "spouse"),
                new TreatmentPlanApproved.Person("Jo Rivera", "+1 415 555 0101", "sister"), "dr-intake", Instant.now(),
                medicationsOfConcern, null);
    }

    private static void publishPlan(String patientId, String event) {
        TopicProbe.send(Topics.INTAKE_PATIENTS, patientId, event);
        await().atMost(Duration.ofSeconds(10)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> PatientPlan.findById(UUID.fromString(patientId))) != null);
    }

    private static String book(String patientId, String clinicianId, String type, Duration fromNow) {
        return as("scheduler-1", Roles.SCHEDULER).contentType(ContentType.JSON).body("""
                        {"patientId": "%s", "clinicianId": "%s", "type": "%s", "start": "%s"}"""
                        .formatted(patientId, clinicianId, type, SettableClock.now().plus(fromNow).truncatedTo(ChronoUnit.SECONDS)))
                .post("/sessions").then().statusCode(201).extract().path("id");
    }

    private static void setState(String sessionId, String state, Instant dosedAt) {
        QuarkusTransaction.requiringNew().run(() -> {
            SessionRecord s = SessionRecord.findById(UUID.fromString(sessionId));
            s.state = state;
            if (dosedAt != null) {
                s.dosedAt = dosedAt;
                s.preDoseSystolic = 131;
                s.preDoseDiastolic = 83;
                s.preDoseHeartRate = 75;
            }
        });
    }

    private static void transitions(String sessionId, String actor, List<String> states, List<Integer> minutes, Instant dose) {
        QuarkusTransaction.requiringNew().run(() -> {
            String from = "SCHEDULED";
            for (int i = 0; i < states.size(); i++) {
                SessionTransition t = new SessionTransition();
                t.sessionId = UUID.fromString(sessionId);
                t.fromState = from;
                t.toState = states.get(i);
                t.actor = actor;
                t.at = dose.plus(Duration.ofMinutes(minutes.get(i)));
                t.reason = "scripted";
                t.persist();
                from = states.get(i);
            }
        });
    }

    private static void reading(String sessionId, Instant dose, int minutes, int systolic, int diastolic, int heartRate, int spo2) {
        Instant at = dose.plus(Duration.ofMinutes(minutes));
        observation(sessionId, ReadingRecorded.TYPE, new ReadingRecorded("r-" + minutes, sessionId, "device-1", systolic,
                diastolic, heartRate, spo2, at, at));
    }

    private static <T> void observation(String sessionId, EventType<T> type, T payload) {
        TopicProbe.send(Topics.VITALS_OBSERVATIONS, sessionId,
                EventJson.write(EventEnvelope.wrap(type, sessionId, payload, Clock.systemUTC())));
    }

    private static void alert(EventType<AlertSnapshot> type, UUID alertId, String sessionId, String patientId,
                              String clinicianId, String status, Instant dose, long version, String resolvedBy, String resolution) {
        Instant opened = dose.plus(Duration.ofMinutes(75));
        AlertSnapshot a = new AlertSnapshot(alertId, sessionId, patientId, clinicianId, "spo2-low", "CRITICAL", status,
                "SpO2 88% below 90%", "88", "88", 1, 0, opened, opened, 0, null, null, null, resolvedBy,
                resolvedBy == null ? null : opened.plus(Duration.ofMinutes(10)), resolution, version);
        TopicProbe.send(Topics.ALERTS_EVENTS, sessionId, EventJson.write(EventEnvelope.wrap(type, sessionId, a, Clock.systemUTC())));
    }

    private long feedRows(String sessionId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                        "SELECT count(*) FROM console_feed WHERE session_id = ?1 AND type IN ('reading.recorded', "
                                + "'check-in.patient', 'check-in.sitter')")
                .setParameter(1, sessionId).getSingleResult()).longValue());
    }

    private boolean resolved(UUID alertId) {
        return QuarkusTransaction.requiringNew().call(() -> !entityManager.createNativeQuery(
                "SELECT 1 FROM console_alert WHERE alert_id = ?1 AND status = 'RESOLVED'").setParameter(1, alertId)
                .getResultList().isEmpty());
    }

    private long audits(String sessionId, String action) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                        "SELECT count(*) FROM read_audit WHERE session_id = ?1 AND action = ?2")
                .setParameter(1, sessionId).setParameter(2, action).getSingleResult()).longValue());
    }
}
