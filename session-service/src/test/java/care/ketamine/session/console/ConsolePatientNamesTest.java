package care.ketamine.session.console;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.intake.MonitoringThresholds;
import care.ketamine.contracts.intake.TreatmentPlanApproved;
import care.ketamine.contracts.security.Roles;
import care.ketamine.session.plan.PatientPlan;
import care.ketamine.session.lifecycle.SessionRecord;
import care.ketamine.testsupport.DevTokens;
import care.ketamine.testsupport.RealInfrastructure;
import care.ketamine.testsupport.SettableClock;
import care.ketamine.testsupport.TopicProbe;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console names patients, from the details their plan's approval carried; a plan from before those details
 * leaves the short id. Reading names is audited like any read of a session.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class ConsolePatientNamesTest {

    @Inject
    EntityManager entityManager;

    @Test
    void shouldShowThePatientsNameAndAgeOnTheDayListAndTheSessionAndAuditTheRead() {
        String clinicianId = clinician();
        LocalDate today = SettableClock.now().atZone(ZoneOffset.UTC).toLocalDate();
        // 40 two days ago in UTC: 40 in the clinician's zone too (the age counts whole years there).
        String named = approved(new TreatmentPlanApproved.Patient(" Alex ", "Rivera", today.minusYears(40).minusDays(2)));
        String older = approved(null);
        String namedSession = session(named, clinicianId);
        String olderSession = session(older, clinicianId);

        List<Map<String, Object>> day = console(clinicianId).get("/console/api/today").then().statusCode(200)
                .extract().jsonPath().getList("$");
        assertThat(day).filteredOn(s -> namedSession.equals(s.get("id"))).singleElement()
                .extracting(s -> s.get("patient")).isEqualTo(Map.of("name", "Alex Rivera", "age", 40));
        assertThat(day).filteredOn(s -> olderSession.equals(s.get("id"))).singleElement()
                .extracting(s -> ((Map<?, ?>) s.get("patient")).get("name")).isEqualTo(older.substring(0, 8));
        assertThat(audits(clinicianId, "console.today.read")).isEqualTo(1);

        JsonPath detail = console(clinicianId).get("/console/api/sessions/" + namedSession).then().statusCode(200)
                .extract().jsonPath();
        assertThat(detail.getString("patient.name")).isEqualTo("Alex Rivera");
        assertThat(detail.getInt("patient.age")).isEqualTo(40);
        assertThat(console(clinicianId).get("/console/api/sessions/" + olderSession).then().statusCode(200)
                .extract().jsonPath().getString("patient.age")).as("no birth date, no age").isNull();
    }

    @Test
    void shouldRefuseAnotherClinicianTheSessionWithItsPatientsName() {
        String named = approved(new TreatmentPlanApproved.Patient("Alex", "Rivera", LocalDate.of(1986, 4, 12)));
        String mine = session(named, clinician());
        String other = clinician();
        assertThat(console(other).get("/console/api/sessions/" + mine).then().statusCode(403).extract().asString())
                .doesNotContain("Rivera");
        assertThat(console(other).get("/console/api/today").then().statusCode(200).extract().jsonPath()
                .getList("id", String.class)).doesNotContain(mine);
    }

    private static io.restassured.specification.RequestSpecification console(String clinicianId) {
        return given().cookie("console_token", DevTokens.forConsole(clinicianId, Roles.CLINICIAN)).header("X-Console-Request", "1");
    }

    private static String clinician() {
        String id = "dr-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(DevTokens.forRole(Roles.ADMIN)).contentType(ContentType.JSON).body("""
                {"id": "%s", "displayName": "Dr Names", "licenceType": "MD", "licensedStates": ["WY"], "timezone": "America/Denver",
                 "availability": [{"day": "MONDAY", "from": "09:00", "to": "17:00"}]}""".formatted(id))
                .post("/clinicians").then().statusCode(201);
        return id;
    }

    /** A plan approved by intake, with the patient's details or (as before they were carried) without. */
    private static String approved(TreatmentPlanApproved.Patient patient) {
        String patientId = UUID.randomUUID().toString();
        TreatmentPlanApproved plan = new TreatmentPlanApproved(patientId, UUID.randomUUID().toString(), null, "WY",
                "America/Denver", 6, 3, 300, new MonitoringThresholds(160, 90, 100, 160, 100, 40, 25, 120, 50, 92, 90),
                124, 80, new TreatmentPlanApproved.Person("Sam Rivera", "+1 415 555 0188", "spouse"),
                new TreatmentPlanApproved.Person("Jo Rivera", "+1 415 555 0101", "sister"), "dr-intake", SettableClock.now(),
                List.of(), null, null, null, patient);
        TopicProbe.send(Topics.INTAKE_PATIENTS, patientId,
                EventJson.write(EventEnvelope.wrap(TreatmentPlanApproved.TYPE, patientId, plan, Clock.systemUTC())));
        await().atMost(Duration.ofSeconds(10)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> PatientPlan.findById(UUID.fromString(patientId))) != null);
        return patientId;
    }

    /** A session under monitoring now, as the lifecycle leaves it. */
    private static String session(String patientId, String clinicianId) {
        UUID id = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> {
            SessionRecord s = new SessionRecord();
            s.id = id;
            s.patientId = UUID.fromString(patientId);
            s.clinicianId = clinicianId;
            s.planId = UUID.randomUUID();
            s.type = "DOSING";
            s.state = "MONITORING";
            s.startsAt = SettableClock.now().minus(Duration.ofMinutes(30));
            s.endsAt = s.startsAt.plus(Duration.ofMinutes(150));
            s.persist();
        });
        return id.toString();
    }

    private long audits(String actor, String action) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                        "SELECT count(*) FROM read_audit WHERE actor = ?1 AND action = ?2")
                .setParameter(1, actor).setParameter(2, action).getSingleResult()).longValue());
    }
}
