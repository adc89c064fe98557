package care.ketamine.intake.plan;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.intake.PatientQuietWindow;
import care.ketamine.contracts.intake.TreatmentPlanApproved;
import care.ketamine.contracts.security.Roles;
import care.ketamine.contracts.sessions.ClinicianUpdated;
import care.ketamine.intake.licence.ClinicianLicence;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import static care.ketamine.intake.IntakeFixtures.as;
import static care.ketamine.intake.IntakeFixtures.asIntake;
import static care.ketamine.intake.IntakeFixtures.register;
import static care.ketamine.intake.IntakeFixtures.screeningJson;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class EvaluationTest {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    private static final String CA_MD = "dr-ca-" + RUN;
    private static final String NY_MD = "dr-ny-" + RUN;
    private static final String CA_LCSW = "lcsw-ca-" + RUN;
    private static final String CA_RETIRED = "dr-retired-" + RUN;

    private static final String APPROVE = """
            {"decision": "APPROVE", "note": "Reviewed; standard monitoring.", "plan": {"doseMg": 300}}""";

    @BeforeAll
    static void clinicianLicencesArriveFromSessionService() {
        publishClinician(CA_MD, "MD", Set.of("CA", "OR"), true);
        publishClinician(NY_MD, "MD", Set.of("NY"), true);
        publishClinician(CA_LCSW, "LCSW", Set.of("CA"), true);
        publishClinician(CA_RETIRED, "DO", Set.of("CA"), false);
        await().atMost(Duration.ofSeconds(15)).until(() -> QuarkusTransaction.requiringNew().call(() ->
                ClinicianLicence.count("clinicianId in ?1", Set.of(CA_MD, NY_MD, CA_LCSW, CA_RETIRED))) == 4);
    }

    private static void publishClinician(String id, String type, Set<String> states, boolean active) {
        TopicProbe.send(Topics.SESSIONS_CLINICIANS, id, EventJson.write(EventEnvelope.wrap(ClinicianUpdated.TYPE, id,
                new ClinicianUpdated(id, "Dr " + id, type, states, active, Instant.now()), Clock.systemUTC())));
    }

    private static RequestSpecification asClinician(String subject) {
        return given().auth().oauth2(DevTokens.sign(subject, Roles.CLINICIAN, null, Duration.ofHours(1)))
                .contentType(ContentType.JSON);
    }

    private static String screenedPatient() {
        String patientId = register();
        asIntake().body(screeningJson()).post("/patients/{id}/screenings", patientId).then().statusCode(201);
        return patientId;
    }

    @Test
    void shouldApproveWithDefaultsAndPublishWhatSchedulingAndAlertingNeed() {
        String patientId = screenedPatient();

        String planId = asClinician(CA_MD).body(APPROVE).when().post("/patients/{id}/evaluations", patientId)
                .then().statusCode(201)
                .body("decision", equalTo("APPROVE"))
                .body("plan.status", equalTo("ACTIVE"))
                .body("plan.dosingSessions", equalTo(6)).body("plan.minDaysBetweenDoses", equalTo(3))
                .body("plan.route", equalTo("sublingual"))
                .body("plan.thresholds.gateMaxSystolic", equalTo(160)).body("plan.thresholds.spo2Critical", equalTo(90))
                .extract().path("plan.id");

        String event = TopicProbe.awaitRecords(Topics.INTAKE_PATIENTS,
                r -> patientId.equals(r.key()) && r.value().contains(planId), Duration.ofSeconds(10)).get(0).value();
        TreatmentPlanApproved approved = EventJson.read(event, TreatmentPlanApproved.TYPE).payload();
        assertThat(approved.sitter().relationship()).isEqualTo("spouse");
        assertThat(approved.emergencyContact().name()).isEqualTo("Jo Rivera");
        assertThat(approved.baselineSystolic()).isEqualTo(128);
        assertThat(approved.thresholds().gateMaxHeartRate()).isEqualTo(100);
        assertThat(approved.approvedBy()).isEqualTo(CA_MD);
        assertThat(approved.supersedesPlanId()).isNull();
        assertThat(event).as("no consumer reads the baseline heart rate").doesNotContain("baselineHeartRate");
        assertThat(approved.medicationsOfConcern()).as("none recorded at screening").isEmpty();
        assertThat(approved.patientQuietWindow()).as("the default: the peak of dissociation")
                .isEqualTo(new PatientQuietWindow(20, 60));
        // For the clinician's console: who the patient is, and nothing else of the registration.
        assertThat(approved.patient().givenName()).isEqualTo("Alex");
        assertThat(approved.patient().familyName()).startsWith("Rivera ");
        assertThat(approved.patient().dateOfBirth()).isEqualTo(java.time.LocalDate.of(1986, 4, 12));
        assertThat(event).doesNotContain("alex@example.org").doesNotContain("phq9");
    }

    private static String approveWithQuietWindow(String window) {
        return APPROVE.replace("\"doseMg\": 300", "\"doseMg\": 300, \"patientQuietWindow\": " + window);
    }

    @Test
    void shouldStoreAndPublishThePatientsQuietWindowTheClinicianSets() {
        String patientId = screenedPatient();

        String planId = asClinician(CA_MD).body(approveWithQuietWindow("{\"fromMinutes\": 30, \"untilMinutes\": 45}"))
                .post("/patients/{id}/evaluations", patientId)
                .then().statusCode(201)
                .body("plan.patientQuietWindow.fromMinutes", equalTo(30))
                .body("plan.patientQuietWindow.untilMinutes", equalTo(45))
                .extract().path("plan.id");

        as(Roles.ADMIN).get("/patients/{id}/plans", patientId).then().statusCode(200)
                .body("[0].id", equalTo(planId))
                .body("[0].patientQuietWindow.fromMinutes", equalTo(30)).body("[0].patientQuietWindow.untilMinutes", equalTo(45));
        String event = TopicProbe.awaitRecords(Topics.INTAKE_PATIENTS,
                r -> patientId.equals(r.key()) && r.value().contains(planId), Duration.ofSeconds(10)).get(0).value();
        assertThat(EventJson.read(event, TreatmentPlanApproved.TYPE).payload().patientQuietWindow())
                .isEqualTo(new PatientQuietWindow(30, 45));

        // A maintenance plan sets its own; an end left out takes its default.
        String second = asClinician(CA_MD).body("{\"doseMg\": 300, \"patientQuietWindow\": {\"untilMinutes\": 90}}")
                .post("/patients/{id}/plans", patientId)
                .then().statusCode(201)
                .body("patientQuietWindow.fromMinutes", equalTo(20)).body("patientQuietWindow.untilMinutes", equalTo(90))
                .extract().path("id");
        String maintenance = TopicProbe.awaitRecords(Topics.INTAKE_PATIENTS,
                r -> patientId.equals(r.key()) && r.value().contains(second), Duration.ofSeconds(10)).get(0).value();
        assertThat(EventJson.read(maintenance, TreatmentPlanApproved.TYPE).payload().patientQuietWindow())
                .isEqualTo(new PatientQuietWindow(20, 90));
    }

    @ParameterizedTest(name = "quiet window {0}: 400 on {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"fromMinutes\": -1, \"untilMinutes\": 60}   | plan.patientQuietWindow.fromMinutes",
            "{\"fromMinutes\": 20, \"untilMinutes\": 121}  | plan.patientQuietWindow.untilMinutes",
            "{\"fromMinutes\": 45, \"untilMinutes\": 45}   | plan.patientQuietWindow.untilMinutes",
            "{\"fromMinutes\": 70}                         | plan.patientQuietWindow.untilMinutes",
            "{\"fromMinutes\": 10, \"untilMinutes\": 101}  | plan.patientQuietWindow.untilMinutes",
            "{\"fromMinutes\": \"soon\", \"untilMinutes\": 60} | plan.patientQuietWindow.fromMinutes",
    })
    void shouldRefuseAQuietWindowOutOfBoundsAndStoreNothing(String window, String field) {
        String patientId = screenedPatient();

        asClinician(CA_MD).body(approveWithQuietWindow(window)).post("/patients/{id}/evaluations", patientId)
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", hasItem(field));

        as(Roles.ADMIN).get("/patients/{id}/plans", patientId).then().statusCode(200).body("size()", equalTo(0));
        asClinician(CA_MD).body(APPROVE).post("/patients/{id}/evaluations", patientId).then().statusCode(201);
        // On /plans the body is the plan: a value of the wrong type is named from there (patientQuietWindow...),
        // a rule the terms break as on an evaluation (plan.patientQuietWindow...).
        asClinician(CA_MD).body("{\"doseMg\": 300, \"patientQuietWindow\": " + window + "}")
                .post("/patients/{id}/plans", patientId)
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", hasItem(anyOf(equalTo(field), equalTo(field.substring("plan.".length())))));
        as(Roles.ADMIN).get("/patients/{id}/plans", patientId).then().statusCode(200).body("size()", equalTo(1))
                .body("[0].patientQuietWindow.fromMinutes", equalTo(20));
    }

    @Test
    void shouldRefuseAQuietWindowFromAnyoneButALicensedClinicianOnTheCareTeam() {
        String patientId = screenedPatient();
        String body = approveWithQuietWindow("{\"fromMinutes\": 30, \"untilMinutes\": 45}");

        as(Roles.INTAKE).body(body).post("/patients/{id}/evaluations", patientId).then().statusCode(403);
        as(Roles.ADMIN).body(body).post("/patients/{id}/evaluations", patientId).then().statusCode(403);
        as(Roles.ON_CALL).body(body).post("/patients/{id}/evaluations", patientId).then().statusCode(403);
        asClinician(NY_MD).body(body).post("/patients/{id}/evaluations", patientId).then().statusCode(403);
        given().contentType(ContentType.JSON).body(body).post("/patients/{id}/evaluations", patientId).then().statusCode(401);
        as(Roles.ADMIN).get("/patients/{id}/plans", patientId).then().statusCode(200).body("size()", equalTo(0));

        asClinician(CA_MD).body(APPROVE).post("/patients/{id}/evaluations", patientId).then().statusCode(201);
        String window = "{\"doseMg\": 300, \"patientQuietWindow\": {\"fromMinutes\": 30, \"untilMinutes\": 45}}";
        as(Roles.INTAKE).body(window).post("/patients/{id}/plans", patientId).then().statusCode(403);
        asClinician(NY_MD).body(window).post("/patients/{id}/plans", patientId).then().statusCode(403);
        as(Roles.ADMIN).get("/patients/{id}/plans", patientId).then().statusCode(200).body("size()", equalTo(1))
                .body("[0].patientQuietWindow.fromMinutes", equalTo(20));
    }

    @Test
    void shouldCarryTheClassesOfMedicationOfConcernFromTheLatestScreeningAndNothingElseOfIt() {
        String patientId = register();
        asIntake().body(screeningJson()).post("/patients/{id}/screenings", patientId).then().statusCode(201);
        asIntake().body(screeningJson().replace("\"medications\": []", "\"medications\": [\"STIMULANT\", \"OPIOID\"]"))
                .post("/patients/{id}/screenings", patientId).then().statusCode(201)
                .body("eligibility.outcome", equalTo("NEEDS_REVIEW"));

        String planId = asClinician(CA_MD).body(APPROVE).post("/patients/{id}/evaluations", patientId)
                .then().statusCode(201).extract().path("plan.id");

        String event = TopicProbe.awaitRecords(Topics.INTAKE_PATIENTS,
                r -> patientId.equals(r.key()) && r.value().contains(planId), Duration.ofSeconds(10)).get(0).value();
        assertThat(EventJson.read(event, TreatmentPlanApproved.TYPE).payload().medicationsOfConcern())
                .as("the classes in words, in the clinic's order").containsExactly("stimulant", "opioid");
        assertThat(event).as("the screening's answers stay in intake").doesNotContain("OPIOID").doesNotContain("phq9")
                .doesNotContain("Takes a medication of concern");
    }

    @Test
    void shouldSupersedeTheActivePlanWithAMaintenancePlanAndKeepTheHistory() {
        String patientId = screenedPatient();
        String first = asClinician(CA_MD).body(APPROVE).post("/patients/{id}/evaluations", patientId)
                .then().statusCode(201).extract().path("plan.id");

        String second = asClinician(CA_MD)
                .body("{\"dosingSessions\": 4, \"minDaysBetweenDoses\": 7, \"doseMg\": 250, \"thresholds\": {\"spo2Warning\": 94}}")
                .post("/patients/{id}/plans", patientId)
                .then().statusCode(201).body("supersedesPlanId", equalTo(first))
                .body("thresholds.spo2Warning", equalTo(94)).extract().path("id");

        as(Roles.ADMIN).get("/patients/{id}/plans", patientId).then().statusCode(200)
                .body("size()", equalTo(2))
                .body("[0].id", equalTo(second)).body("[0].status", equalTo("ACTIVE"))
                .body("[1].id", equalTo(first)).body("[1].status", equalTo("SUPERSEDED"));
        String event = TopicProbe.awaitRecords(Topics.INTAKE_PATIENTS,
                r -> patientId.equals(r.key()) && r.value().contains(second), Duration.ofSeconds(10)).get(0).value();
        assertThat(EventJson.read(event, TreatmentPlanApproved.TYPE).payload().supersedesPlanId()).isEqualTo(first);
    }

    @Test
    void shouldRefuseCliniciansWhoMayNotApproveThisPatient() {
        String patientId = screenedPatient();

        asClinician(NY_MD).body(APPROVE).post("/patients/{id}/evaluations", patientId)
                .then().statusCode(403).contentType("application/problem+json")
                .body("detail", containsString("not licensed in CA"));
        asClinician(CA_LCSW).body(APPROVE).post("/patients/{id}/evaluations", patientId)
                .then().statusCode(403).body("detail", containsString("LCSW licence may not approve"));
        // A deactivated clinician's token is refused outright (DeactivatedAccounts), before any licence check.
        asClinician(CA_RETIRED).body(APPROVE).post("/patients/{id}/evaluations", patientId).then().statusCode(401);
        asClinician("stranger-" + RUN).body(APPROVE).post("/patients/{id}/evaluations", patientId)
                .then().statusCode(403).body("detail", containsString("no licence is on record"));
        as(Roles.INTAKE).body(APPROVE).post("/patients/{id}/evaluations", patientId).then().statusCode(403);
        asClinician(NY_MD).body("{\"doseMg\": 200}").post("/patients/{id}/plans", patientId).then().statusCode(403);

        as(Roles.ADMIN).get("/patients/{id}/plans", patientId).then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void shouldRefuseLooserThresholdsAndIncompleteEvaluations() {
        String patientId = screenedPatient();

        asClinician(CA_MD).body(APPROVE.replace("\"doseMg\": 300", "\"doseMg\": 300, \"thresholds\": {\"spo2Critical\": 88, \"gateMaxSystolic\": 170}"))
                .post("/patients/{id}/evaluations", patientId)
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", hasItem("plan.thresholds.spo2Critical"))
                .body("violations.rule", hasItem("may only be made stricter: at least 90, not 88"))
                .body("violations.field", hasItem("plan.thresholds.gateMaxSystolic"));
        asClinician(CA_MD).body("{\"decision\": \"APPROVE\", \"note\": \"ok\"}").post("/patients/{id}/evaluations", patientId)
                .then().statusCode(400).body("violations[0].field", equalTo("plan"));
        asClinician(CA_MD).body("{\"decision\": \"DECLINE\", \"note\": \"  \"}").post("/patients/{id}/evaluations", patientId)
                .then().statusCode(400).body("violations[0].field", equalTo("note"));
        asClinician(CA_MD).body("{\"decision\": \"MAYBE\", \"note\": \"x\"}").post("/patients/{id}/evaluations", patientId)
                .then().statusCode(400).body("violations[0].field", equalTo("decision"));
        asClinician(CA_MD).body("{\"note\": \"x\"}").post("/patients/{id}/evaluations", patientId)
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations[0].field", equalTo("decision"))
                .body("violations[0].rule", equalTo("is required: APPROVE or DECLINE"));
        asClinician(CA_MD).post("/patients/{id}/evaluations", patientId)
                .then().statusCode(400).body("violations[0].field", equalTo("body"));
        asClinician(CA_MD).post("/patients/{id}/plans", patientId)
                .then().statusCode(400).body("violations[0].field", equalTo("body"));
        assertThat(QuarkusTransaction.requiringNew().call(() -> Evaluation.count("patientId", UUID.fromString(patientId))))
                .isZero();
        asClinician(CA_MD).body("{\"doseMg\": 300}").post("/patients/{id}/plans", patientId)
                .then().statusCode(403).body("detail", containsString("care team"));
        asClinician(CA_MD).post("/patients/{id}/evaluator", patientId).then().statusCode(204);
        asClinician(CA_MD).body("{\"doseMg\": 300}").post("/patients/{id}/plans", patientId)
                .then().statusCode(409).body("detail", containsString("no approved plan"));

        as(Roles.ADMIN).get("/patients/{id}/plans", patientId).then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void shouldRecordADeclineWithoutAPlanAndRefuseToApproveAnIneligibleScreening() {
        String patientId = screenedPatient();
        asClinician(CA_MD).body("{\"decision\": \"DECLINE\", \"note\": \"Prefers to wait.\"}")
                .post("/patients/{id}/evaluations", patientId)
                .then().statusCode(201).body("decision", equalTo("DECLINE")).body("plan", nullValue());

        asIntake().body(screeningJson().replace("\"contraindications\": []", "\"contraindications\": [\"PREGNANT_OR_NURSING\"]"))
                .post("/patients/{id}/screenings", patientId).then().statusCode(201);
        asClinician(CA_MD).body(APPROVE).post("/patients/{id}/evaluations", patientId)
                .then().statusCode(409).body("detail", containsString("INELIGIBLE"));

        String unscreened = register();
        asClinician(CA_MD).body(APPROVE).post("/patients/{id}/evaluations", unscreened)
                .then().statusCode(409).body("detail", containsString("no screening"));
        asClinician(CA_MD).body(APPROVE).post("/patients/{id}/evaluations", UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void shouldParkAnUnreadableClinicianRecordAndKeepConsuming() {
        TopicProbe.send(Topics.SESSIONS_CLINICIANS, "broken-" + RUN, "{\"clinician\": \"broken-" + RUN + "\"}");
        String late = "dr-late-" + RUN;
        publishClinician(late, "NP", Set.of("TX"), true);

        await().atMost(Duration.ofSeconds(10)).until(() ->
                QuarkusTransaction.requiringNew().call(() -> ClinicianLicence.findById(late)) != null);
        assertThat(TopicProbe.awaitRecords(Topics.deadLetter(Topics.SESSIONS_CLINICIANS),
                r -> r.value().contains("broken-" + RUN), Duration.ofSeconds(10))).hasSize(1);
    }

    @Test
    void shouldDischargeOnceEndingTheActivePlanAndPublishIt() {
        String patientId = screenedPatient();
        String planId = asClinician(CA_MD).body(APPROVE).post("/patients/{id}/evaluations", patientId)
                .then().statusCode(201).extract().path("plan.id");

        asClinician(CA_MD).body("{\"reason\": \" \"}").post("/patients/{id}/discharge", patientId)
                .then().statusCode(400).body("violations[0].field", equalTo("reason"));
        asClinician(CA_MD).body("{}").post("/patients/{id}/discharge", patientId)
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations[0].field", equalTo("reason")).body("violations[0].rule", equalTo("is required"));
        as(Roles.INTAKE).body("{\"reason\": \"done\"}").post("/patients/{id}/discharge", patientId).then().statusCode(403);
        asClinician(CA_MD).body("{\"reason\": \"Series completed.\"}").post("/patients/{id}/discharge", patientId)
                .then().statusCode(200).body("dischargeReason", equalTo("Series completed."));
        asClinician(CA_MD).body("{\"reason\": \"again\"}").post("/patients/{id}/discharge", patientId).then().statusCode(409);
        asClinician(CA_MD).body("{\"doseMg\": 200}").post("/patients/{id}/plans", patientId).then().statusCode(409);

        as(Roles.ADMIN).get("/patients/{id}/plans", patientId).then().statusCode(200)
                .body("[0].id", equalTo(planId)).body("[0].status", equalTo("SUPERSEDED"));
        String event = TopicProbe.awaitRecords(Topics.INTAKE_PATIENTS,
                r -> patientId.equals(r.key()) && r.value().contains("patient.discharged"), Duration.ofSeconds(10)).get(0).value();
        assertThat(event).as("the reason stays in intake").contains(planId).doesNotContain("Series completed.")
                .doesNotContain("reason");
    }
}
