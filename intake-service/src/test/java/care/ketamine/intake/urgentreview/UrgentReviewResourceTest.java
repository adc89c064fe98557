package care.ketamine.intake.urgentreview;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.intake.UrgentReviewClosed;
import care.ketamine.contracts.intake.UrgentReviewOpened;
import care.ketamine.contracts.intake.UrgentReviewTaken;
import care.ketamine.contracts.security.Roles;
import care.ketamine.contracts.sessions.ClinicianUpdated;
import care.ketamine.intake.audit.AuditEntry;
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
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class UrgentReviewResourceTest {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    private static final String CA_MD = "ur-dr-ca-" + RUN;
    private static final String CA_LCSW = "ur-lcsw-ca-" + RUN;
    private static final String NY_MD = "ur-dr-ny-" + RUN;
    private static final String CA_RETIRED = "ur-retired-ca-" + RUN;

    private static final String ACUTE = screeningJson().replace("\"acuteSuicidalIdeation\": false", "\"acuteSuicidalIdeation\": true");
    private static final String ITEM9 = screeningJson().replace("[2, 2, 1, 2, 1, 2, 1, 2, 0]", "[2, 2, 1, 2, 1, 2, 1, 2, 1]");

    @BeforeAll
    static void clinicianLicencesArriveFromSessionService() {
        publishClinician(CA_MD, "MD", Set.of("CA"), true);
        publishClinician(CA_LCSW, "LCSW", Set.of("CA", "OR"), true);
        publishClinician(NY_MD, "MD", Set.of("NY"), true);
        publishClinician(CA_RETIRED, "DO", Set.of("CA"), false);
        await().atMost(Duration.ofSeconds(15)).until(() -> QuarkusTransaction.requiringNew().call(() ->
                ClinicianLicence.count("clinicianId in ?1", Set.of(CA_MD, CA_LCSW, NY_MD, CA_RETIRED))) == 4);
    }

    private static void publishClinician(String id, String type, Set<String> states, boolean active) {
        TopicProbe.send(Topics.SESSIONS_CLINICIANS, id, EventJson.write(EventEnvelope.wrap(ClinicianUpdated.TYPE, id,
                new ClinicianUpdated(id, "Dr " + id, type, states, active, Instant.now()), Clock.systemUTC())));
    }

    private static RequestSpecification asClinician(String subject) {
        return given().auth().oauth2(DevTokens.sign(subject, Roles.CLINICIAN, null, Duration.ofHours(1)))
                .contentType(ContentType.JSON);
    }

    /** A registered patient in CA screened with these answers; the urgent-review task's id. */
    private static String screenedTask(String screening) {
        String patientId = register();
        return asIntake().body(screening).post("/patients/{id}/screenings", patientId)
                .then().statusCode(201).extract().path("urgentReviewTask.id");
    }

    private static String outcome(String text) {
        return "{\"outcome\": \"" + text + "\"}";
    }

    private static long audited(String actor, String action, String patientId) {
        return QuarkusTransaction.requiringNew().call(() -> AuditEntry.count("actor = ?1 and action = ?2 and patientId = ?3",
                actor, action, UUID.fromString(patientId)));
    }

    @Test
    void shouldOpenAnAcuteTaskDueInAnHourKeepTheCrisisLinesAndPublishItWithoutTheReasons() {
        String patientId = register();
        var answer = asIntake().body(ACUTE).post("/patients/{id}/screenings", patientId).then().statusCode(201)
                .body("eligibility.outcome", equalTo("NEEDS_REVIEW"))
                .body("eligibility.crisisResources", hasItems(containsString("988"), containsString("911")))
                .body("urgentReviewTask.urgency", equalTo("ACUTE"))
                .extract();
        Instant screenedAt = Instant.parse(answer.path("screenedAt"));
        String taskId = answer.path("urgentReviewTask.id");
        assertThat(Instant.parse(answer.path("urgentReviewTask.dueAt"))).isEqualTo(screenedAt.plus(Duration.ofHours(1)));

        String event = TopicProbe.awaitRecords(Topics.INTAKE_PATIENTS,
                r -> patientId.equals(r.key()) && r.value().contains(UrgentReviewOpened.TYPE.name()), Duration.ofSeconds(10))
                .get(0).value();
        UrgentReviewOpened opened = EventJson.read(event, UrgentReviewOpened.TYPE).payload();
        assertThat(opened.taskId()).isEqualTo(taskId);
        assertThat(opened.urgency()).isEqualTo(UrgentReviewOpened.ACUTE);
        assertThat(opened.dueAt()).isEqualTo(screenedAt.plus(Duration.ofHours(1)));
        assertThat(event).as("answers and reasons stay in intake").doesNotContain("IDEATION").doesNotContain("phq9")
                .doesNotContain("Rivera");

        asClinician(CA_MD).get("/urgent-reviews").then().statusCode(200)
                .body("find { it.id == '" + taskId + "' }.patientId", equalTo(patientId))
                .body("find { it.id == '" + taskId + "' }.patientName", containsString("Alex Rivera"))
                .body("find { it.id == '" + taskId + "' }.reasons", equalTo(List.of("ACUTE_SUICIDAL_IDEATION")))
                .body("find { it.id == '" + taskId + "' }.overdue", equalTo(false))
                .body("find { it.id == '" + taskId + "' }.takenBy", nullValue());
        assertThat(audited(CA_MD, "urgent-review.list", patientId)).isEqualTo(1);
        asClinician(CA_LCSW).get("/urgent-reviews").then().statusCode(200).body("id", hasItem(taskId));
        as(Roles.ADMIN).get("/urgent-reviews").then().statusCode(200).body("id", hasItem(taskId));
        asClinician(NY_MD).get("/urgent-reviews").then().statusCode(200).body("id", not(hasItem(taskId)));
    }

    @Test
    void shouldOpenAPromptTaskDueInADayForItem9AndNoneWithoutRisk() {
        String patientId = register();
        var answer = asIntake().body(ITEM9).post("/patients/{id}/screenings", patientId).then().statusCode(201)
                .body("selfHarmFollowUp", equalTo(true))
                .body("eligibility.crisisResources", hasItem(containsString("988")))
                .body("urgentReviewTask.urgency", equalTo("PROMPT")).extract();
        assertThat(Instant.parse(answer.path("urgentReviewTask.dueAt")))
                .isEqualTo(Instant.parse(answer.path("screenedAt")).plus(Duration.ofHours(24)));
        as(Roles.ADMIN).get("/patients/{id}/screenings", patientId).then().statusCode(200)
                .body("[0].urgentReviewTask.id", equalTo(answer.path("urgentReviewTask.id")));

        String calm = register();
        asIntake().body(screeningJson()).post("/patients/{id}/screenings", calm).then().statusCode(201)
                .body("urgentReviewTask", nullValue()).body("eligibility.crisisResources.size()", equalTo(0));
        assertThat(QuarkusTransaction.requiringNew().call(() -> UrgentReviewTask.count("patientId", UUID.fromString(calm))))
                .isZero();
    }

    @Test
    void shouldLetOneLicensedClinicianTakeItAndTellTheSecondWhoHasIt() {
        String taskId = screenedTask(ACUTE);
        String patientId = as(Roles.ADMIN).get("/urgent-reviews").then().extract()
                .path("find { it.id == '" + taskId + "' }.patientId");

        asClinician(NY_MD).post("/urgent-reviews/{id}/take", taskId).then().statusCode(403)
                .contentType("application/problem+json").body("detail", containsString("not licensed in CA"));
        assertThat(audited(NY_MD, "urgent-review.take.denied", patientId)).isEqualTo(1);
        // A deactivated clinician's token is refused outright (DeactivatedAccounts), before any licence check.
        asClinician(CA_RETIRED).post("/urgent-reviews/{id}/take", taskId).then().statusCode(401);
        asClinician("ur-stranger-" + RUN).post("/urgent-reviews/{id}/take", taskId).then().statusCode(403)
                .body("detail", containsString("no licence is on record"));
        asIntake().post("/urgent-reviews/{id}/take", taskId).then().statusCode(403);
        as(Roles.ADMIN).post("/urgent-reviews/{id}/take", taskId).then().statusCode(403);
        given().auth().oauth2(DevTokens.forDevice(Roles.PATIENT_DEVICE, "s-" + RUN, "d-" + RUN))
                .post("/urgent-reviews/{id}/take", taskId).then().statusCode(401);
        given().post("/urgent-reviews/{id}/take", taskId).then().statusCode(401);
        as(Roles.ADMIN).get("/urgent-reviews").then().body("find { it.id == '" + taskId + "' }.takenBy", nullValue());

        asClinician(CA_LCSW).post("/urgent-reviews/{id}/take", taskId).then().statusCode(200)
                .body("takenBy", equalTo(CA_LCSW)).body("takenAt", notNullValue());
        asClinician(CA_MD).post("/urgent-reviews/{id}/take", taskId).then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("already taken by " + CA_LCSW));
        asClinician(CA_LCSW).post("/urgent-reviews/{id}/take", taskId).then().statusCode(409);

        String event = TopicProbe.awaitRecords(Topics.INTAKE_PATIENTS,
                r -> patientId.equals(r.key()) && r.value().contains(UrgentReviewTaken.TYPE.name()), Duration.ofSeconds(10))
                .get(0).value();
        assertThat(EventJson.read(event, UrgentReviewTaken.TYPE).payload().takenBy()).isEqualTo(CA_LCSW);

        asClinician(CA_MD).post("/urgent-reviews/{id}/take", "not-a-task").then().statusCode(404)
                .contentType("application/problem+json");
        asClinician(CA_MD).post("/urgent-reviews/{id}/take", UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void shouldCloseOnlyWhenTakenByTheTakerOrAnAdminWithABoundedOutcome() {
        String taskId = screenedTask(ITEM9);
        asClinician(CA_MD).body(outcome("Called.")).post("/urgent-reviews/{id}/close", taskId).then().statusCode(409)
                .body("detail", containsString("Nobody has taken"));
        as(Roles.ADMIN).body(outcome("Called.")).post("/urgent-reviews/{id}/close", taskId).then().statusCode(409);
        asClinician(CA_MD).post("/urgent-reviews/{id}/take", taskId).then().statusCode(200);

        asClinician(CA_MD).body(outcome("x".repeat(4001))).post("/urgent-reviews/{id}/close", taskId).then().statusCode(400)
                .contentType("application/problem+json").body("violations[0].field", equalTo("outcome"));
        asClinician(CA_MD).body(outcome("語".repeat(2667))).post("/urgent-reviews/{id}/close", taskId).then().statusCode(400)
                .body("violations[0].rule", containsString("8000 bytes")); // 2,667 characters, 8,001 bytes
        asClinician(CA_MD).body(outcome("  ")).post("/urgent-reviews/{id}/close", taskId).then().statusCode(400)
                .body("violations[0].field", equalTo("outcome")).body("violations[0].rule", equalTo("is required"));
        asClinician(CA_MD).body("{}").post("/urgent-reviews/{id}/close", taskId).then().statusCode(400);
        asClinician(CA_LCSW).body(outcome("Mine now.")).post("/urgent-reviews/{id}/close", taskId).then().statusCode(403)
                .body("detail", containsString("only " + CA_MD));
        asIntake().body(outcome("Called.")).post("/urgent-reviews/{id}/close", taskId).then().statusCode(403);
        asClinician(CA_MD).body(outcome("Called.")).post("/urgent-reviews/{id}/close", UUID.randomUUID()).then().statusCode(404);
        as(Roles.ADMIN).get("/urgent-reviews").then().body("find { it.id == '" + taskId + "' }.closedAt", nullValue());

        asClinician(CA_MD).body(outcome("Called the patient: passive thoughts, no plan; safety plan agreed."))
                .post("/urgent-reviews/{id}/close", taskId).then().statusCode(200)
                .body("closedBy", equalTo(CA_MD)).body("outcome", containsString("safety plan"));
        asClinician(CA_MD).body(outcome("Again.")).post("/urgent-reviews/{id}/close", taskId).then().statusCode(409)
                .body("detail", containsString("already closed by " + CA_MD));
        asClinician(CA_MD).get("/urgent-reviews").then().body("id", not(hasItem(taskId)));
        String event = TopicProbe.awaitRecords(Topics.INTAKE_PATIENTS,
                r -> r.value().contains(UrgentReviewClosed.TYPE.name()) && r.value().contains(taskId), Duration.ofSeconds(10))
                .get(0).value();
        assertThat(event).as("the outcome stays in intake").doesNotContain("safety plan");

        String another = screenedTask(ACUTE);
        asClinician(CA_LCSW).post("/urgent-reviews/{id}/take", another).then().statusCode(200);
        String admin = "ur-admin-" + RUN;
        given().auth().oauth2(DevTokens.sign(admin, Roles.ADMIN, null, Duration.ofHours(1))).contentType(ContentType.JSON)
                .body(outcome("Handed to the crisis team.")).post("/urgent-reviews/{id}/close", another)
                .then().statusCode(200).body("closedBy", equalTo(admin)).body("takenBy", equalTo(CA_LCSW));
    }

    @Test
    void shouldRefuseTheListToThoseWhoMayNotSeeIt() {
        asClinician("ur-stranger-" + RUN).get("/urgent-reviews").then().statusCode(403)
                .body("detail", containsString("no licence is on record"));
        asClinician(CA_RETIRED).get("/urgent-reviews").then().statusCode(401);
        asIntake().get("/urgent-reviews").then().statusCode(403);
        as(Roles.SCHEDULER).get("/urgent-reviews").then().statusCode(403);
        given().auth().oauth2(DevTokens.forDevice(Roles.PATIENT_DEVICE, "s-" + RUN, "d-" + RUN)).get("/urgent-reviews")
                .then().statusCode(401);
    }
}
