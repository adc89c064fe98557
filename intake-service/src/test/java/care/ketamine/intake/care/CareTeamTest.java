package care.ketamine.intake.care;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.intake.MonitoringThresholds;
import care.ketamine.contracts.security.Roles;
import care.ketamine.contracts.sessions.ClinicianUpdated;
import care.ketamine.contracts.sessions.SessionChanged;
import care.ketamine.intake.audit.AuditEntry;
import care.ketamine.intake.licence.ClinicianLicence;
import care.ketamine.intake.patient.Patient;
import care.ketamine.intake.plan.Evaluation;
import care.ketamine.testsupport.DevTokens;
import care.ketamine.testsupport.RealInfrastructure;
import care.ketamine.testsupport.TopicProbe;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static care.ketamine.intake.IntakeFixtures.as;
import static care.ketamine.intake.IntakeFixtures.asIntake;
import static care.ketamine.intake.IntakeFixtures.register;
import static care.ketamine.intake.IntakeFixtures.screeningJson;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** Clinical reads are for the patient's care team and admins; everyone else is refused, and audited. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class CareTeamTest {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    private static final String EVALUATOR = "dr-evaluator-" + RUN;
    private static final String OUTSIDER = "dr-outsider-" + RUN;
    private static final String SCHEDULED = "dr-scheduled-" + RUN;
    private static final String SCHEDULED_LCSW = "lcsw-scheduled-" + RUN;
    private static final List<String> READS = List.of("/patients/{id}", "/patients/{id}/screenings",
            "/patients/{id}/plans", "/patients/{id}/outcomes");
    private static final String APPROVE = """
            {"decision": "APPROVE", "note": "Reviewed; standard monitoring.", "plan": {"doseMg": 300}}""";

    @BeforeAll
    static void licencesArriveFromSessionService() {
        publishClinician(EVALUATOR, "MD", Set.of("CA"));
        publishClinician(OUTSIDER, "MD", Set.of("CA"));
        publishClinician(SCHEDULED, "NP", Set.of("CA"));
        publishClinician(SCHEDULED_LCSW, "LCSW", Set.of("CA"));
        await().atMost(Duration.ofSeconds(15)).until(() -> QuarkusTransaction.requiringNew().call(() ->
                ClinicianLicence.count("clinicianId in ?1", Set.of(EVALUATOR, OUTSIDER, SCHEDULED, SCHEDULED_LCSW))) == 4);
    }

    @Test
    void shouldRefuseAClinicianOutsideTheCareTeamEveryClinicalReadAndAuditEachRefusal() {
        String patientId = approvedPatient();

        for (String read : READS) {
            asClinician(OUTSIDER).get(read, patientId).then().statusCode(403)
                    .contentType("application/problem+json").body("detail", containsString("care team"));
        }
        asClinician(OUTSIDER).body("{\"phq9\": [0,0,0,0,0,0,0,0,0], \"gad7\": [0,0,0,0,0,0,0]}")
                .post("/patients/{id}/outcomes", patientId).then().statusCode(403);

        assertThat(audited(OUTSIDER, patientId)).containsExactlyInAnyOrder("patient.read.denied", "screening.list.denied",
                "plan.list.denied", "outcome.trajectory.denied", "outcome.record.denied");
    }

    @Test
    void shouldLetTheEvaluatingClinicianAndAdminsReadEverything() {
        String patientId = approvedPatient();

        for (String read : READS) {
            asClinician(EVALUATOR).get(read, patientId).then().statusCode(200);
            as(Roles.ADMIN).get(read, patientId).then().statusCode(200);
        }
        assertThat(audited(EVALUATOR, patientId)).contains("patient.read", "screening.list", "plan.list", "outcome.trajectory");
    }

    @Test
    void shouldGiveANewPatientsFirstAccessToALicensedClinicianWhoTakesOnTheEvaluation() {
        String patientId = screenedPatient();
        asClinician(EVALUATOR).get("/patients/{id}/screenings", patientId).then().statusCode(403);

        asClinician(SCHEDULED_LCSW).post("/patients/{id}/evaluator", patientId).then().statusCode(403)
                .contentType("application/problem+json");
        asClinician(EVALUATOR).post("/patients/{id}/evaluator", patientId).then().statusCode(204);

        asClinician(EVALUATOR).get("/patients/{id}/screenings", patientId).then().statusCode(200)
                .body("[0].eligibility.outcome", equalTo("ELIGIBLE"));
        asClinician(SCHEDULED_LCSW).get("/patients/{id}/screenings", patientId).then().statusCode(403);
        assertThat(audited(EVALUATOR, patientId)).contains("evaluation.take-on", "screening.list.denied", "screening.list");
        assertThat(audited(SCHEDULED_LCSW, patientId)).contains("evaluation.take-on.denied");
    }

    @Test
    void shouldRefuseAnotherPrescriberTakingOverAnEvaluationUnlessAnAdminReassignsIt() {
        String patientId = screenedPatient();
        asClinician(EVALUATOR).post("/patients/{id}/evaluator", patientId).then().statusCode(204);
        asClinician(EVALUATOR).post("/patients/{id}/evaluator", patientId).then().statusCode(204);

        // OUTSIDER is an active MD licensed in the patient's state too: neither door lets them in.
        asClinician(OUTSIDER).post("/patients/{id}/evaluator", patientId).then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString(EVALUATOR));
        asClinician(OUTSIDER).body(APPROVE).post("/patients/{id}/evaluations", patientId).then().statusCode(409)
                .contentType("application/problem+json");
        asClinician(OUTSIDER).get("/patients/{id}/screenings", patientId).then().statusCode(403);
        assertThat(QuarkusTransaction.requiringNew().call(() ->
                Evaluation.count("patientId = ?1", UUID.fromString(patientId)))).isZero();
        assertThat(audited(OUTSIDER, patientId)).contains("evaluation.take-on.denied", "evaluation.record.denied");

        // Only an admin hands it on, and only to a prescriber licensed in the patient's state.
        String toOutsider = "{\"clinicianId\": \"" + OUTSIDER + "\"}";
        asClinician(EVALUATOR).body(toOutsider).put("/patients/{id}/evaluator", patientId).then().statusCode(403);
        asClinician(OUTSIDER).body(toOutsider).put("/patients/{id}/evaluator", patientId).then().statusCode(403);
        asIntake().body(toOutsider).put("/patients/{id}/evaluator", patientId).then().statusCode(403);
        as(Roles.ADMIN).body("{\"clinicianId\": \"" + SCHEDULED_LCSW + "\"}").put("/patients/{id}/evaluator", patientId)
                .then().statusCode(409).contentType("application/problem+json").body("detail", containsString("may not evaluate"));
        as(Roles.ADMIN).body("{}").put("/patients/{id}/evaluator", patientId).then().statusCode(400)
                .contentType("application/problem+json").body("violations[0].field", equalTo("clinicianId"));
        as(Roles.ADMIN).body("{\"clinicianId\": \"" + "d".repeat(201) + "\"}").put("/patients/{id}/evaluator", patientId)
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations[0].field", equalTo("clinicianId"))
                .body("violations[0].rule", equalTo("at most 200 characters and 400 bytes (UTF-8)"));
        asClinician(OUTSIDER).get("/patients/{id}/screenings", patientId).then().statusCode(403);

        as(Roles.ADMIN).body(toOutsider).put("/patients/{id}/evaluator", patientId).then().statusCode(204);
        asClinician(OUTSIDER).get("/patients/{id}/screenings", patientId).then().statusCode(200);
        asClinician(EVALUATOR).get("/patients/{id}/screenings", patientId).then().statusCode(403);
        asClinician(EVALUATOR).post("/patients/{id}/evaluator", patientId).then().statusCode(409);
        asClinician(OUTSIDER).body(APPROVE).post("/patients/{id}/evaluations", patientId).then().statusCode(201);
    }

    @Test
    void shouldLetAClinicianScheduledWithThePatientReadUntilTheSessionIsCancelled() {
        String patientId = approvedPatient();
        String sessionId = UUID.randomUUID().toString();
        asClinician(SCHEDULED).get("/patients/{id}/outcomes", patientId).then().statusCode(403);

        Instant scheduled = Instant.now();
        sessionChanged(sessionId, patientId, SCHEDULED, "SCHEDULED", scheduled);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                asClinician(SCHEDULED).get("/patients/{id}/outcomes", patientId).then().statusCode(200));
        for (String read : READS) {
            asClinician(SCHEDULED).get(read, patientId).then().statusCode(200);
        }

        sessionChanged(sessionId, patientId, SCHEDULED, "CANCELLED", scheduled.plusSeconds(60));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                asClinician(SCHEDULED).get("/patients/{id}", patientId).then().statusCode(403));
    }

    @Test
    void shouldKeepIntakeStaffToRegistrationAndScreeningEntry() {
        String patientId = approvedPatient();

        asIntake().get("/patients/{id}", patientId).then().statusCode(200);
        asIntake().body(screeningJson()).post("/patients/{id}/screenings", patientId).then().statusCode(201);
        for (String read : List.of("/patients/{id}/screenings", "/patients/{id}/plans", "/patients/{id}/outcomes")) {
            asIntake().get(read, patientId).then().statusCode(403).contentType("application/problem+json")
                    .body("detail", containsString("intake staff see registration details"));
        }
    }

    @Test
    void shouldRefuseADischargeByAClinicianWithoutThePrescribersLicenceApprovalNeeds() {
        String patientId = approvedPatient();
        String sessionId = UUID.randomUUID().toString();
        sessionChanged(sessionId, patientId, SCHEDULED_LCSW, "SCHEDULED", Instant.now());
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                asClinician(SCHEDULED_LCSW).get("/patients/{id}", patientId).then().statusCode(200));

        asClinician(SCHEDULED_LCSW).body("{\"reason\": \"Series completed.\"}").post("/patients/{id}/discharge", patientId)
                .then().statusCode(403).contentType("application/problem+json")
                .body("detail", containsString("LCSW licence may not approve"));
        asClinician(OUTSIDER).body("{\"reason\": \"Series completed.\"}").post("/patients/{id}/discharge", patientId)
                .then().statusCode(403).body("detail", containsString("care team"));

        assertThat(QuarkusTransaction.requiringNew().call(() -> Patient.<Patient>findById(UUID.fromString(patientId))
                .dischargedAt)).isNull();
        assertThat(audited(SCHEDULED_LCSW, patientId)).contains("patient.discharge.denied");
        asClinician(EVALUATOR).body("{\"reason\": \"Series completed.\"}").post("/patients/{id}/discharge", patientId)
                .then().statusCode(200);
    }

    private static String screenedPatient() {
        String patientId = register();
        asIntake().body(screeningJson()).post("/patients/{id}/screenings", patientId).then().statusCode(201);
        return patientId;
    }

    /** Screened and approved by the evaluating clinician, with one follow-up. */
    private static String approvedPatient() {
        String patientId = screenedPatient();
        asClinician(EVALUATOR).body(APPROVE).post("/patients/{id}/evaluations", patientId).then().statusCode(201);
        asIntake().body("{\"phq9\": [1,1,0,1,0,1,0,0,0], \"gad7\": [1,0,1,0,0,1,0]}")
                .post("/patients/{id}/outcomes", patientId).then().statusCode(201);
        return patientId;
    }

    private static List<String> audited(String actor, String patientId) {
        return QuarkusTransaction.requiringNew().call(() -> AuditEntry.<AuditEntry>list("actor = ?1 and patientId = ?2",
                actor, UUID.fromString(patientId)).stream().map(e -> e.action).toList());
    }

    private static RequestSpecification asClinician(String subject) {
        return given().auth().oauth2(DevTokens.sign(subject, Roles.CLINICIAN, null, Duration.ofHours(1)))
                .contentType(ContentType.JSON);
    }

    private static void publishClinician(String id, String type, Set<String> states) {
        TopicProbe.send(Topics.SESSIONS_CLINICIANS, id, EventJson.write(EventEnvelope.wrap(ClinicianUpdated.TYPE, id,
                new ClinicianUpdated(id, "Dr " + id, type, states, true, Instant.now()), Clock.systemUTC())));
    }

    private static void sessionChanged(String sessionId, String patientId, String clinicianId, String state, Instant at) {
        SessionChanged event = new SessionChanged(sessionId, patientId, clinicianId, "DOSING", state, null, state,
                clinicianId, null, at, at.plusSeconds(86400), at.plusSeconds(95400), null,
                new MonitoringThresholds(160, 90, 100, 160, 100, 40, 25, 120, 50, 92, 90), 124, 80, null, null, 15, 120,
                null, null, null);
        TopicProbe.send(Topics.SESSIONS_LIFECYCLE, sessionId,
                EventJson.write(EventEnvelope.wrap(SessionChanged.TYPE, sessionId, event, Clock.systemUTC())));
    }
}
