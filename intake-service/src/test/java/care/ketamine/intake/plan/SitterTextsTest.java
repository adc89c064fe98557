package care.ketamine.intake.plan;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.Topics;
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
import org.junit.jupiter.params.provider.ValueSource;

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
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** The approving clinician decides whether the patient's sitter is texted to check on them at a critical alert. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class SitterTextsTest {

    private static final String CA_MD = "dr-texts-ca-" + UUID.randomUUID().toString().substring(0, 6);

    @BeforeAll
    static void clinicianLicenceArrivesFromSessionService() {
        TopicProbe.send(Topics.SESSIONS_CLINICIANS, CA_MD, EventJson.write(EventEnvelope.wrap(ClinicianUpdated.TYPE, CA_MD,
                new ClinicianUpdated(CA_MD, "Dr " + CA_MD, "MD", Set.of("CA"), true, Instant.now()), Clock.systemUTC())));
        await().atMost(Duration.ofSeconds(15)).until(() -> QuarkusTransaction.requiringNew().call(() ->
                ClinicianLicence.findById(CA_MD)) != null);
    }

    private static RequestSpecification asClinician() {
        return given().auth().oauth2(DevTokens.sign(CA_MD, Roles.CLINICIAN, null, Duration.ofHours(1)))
                .contentType(ContentType.JSON);
    }

    private static String screenedPatient() {
        String patientId = register();
        asIntake().body(screeningJson()).post("/patients/{id}/screenings", patientId).then().statusCode(201);
        return patientId;
    }

    /** An approval whose plan has this extra field text (empty: none). */
    private static String approving(String field) {
        return "{\"decision\": \"APPROVE\", \"note\": \"Reviewed.\", \"plan\": {\"doseMg\": 300"
                + (field.isEmpty() ? "" : ", " + field) + "}}";
    }

    private static TreatmentPlanApproved published(String patientId, String planId) {
        String event = TopicProbe.awaitRecords(Topics.INTAKE_PATIENTS,
                r -> patientId.equals(r.key()) && r.value().contains(planId), Duration.ofSeconds(10)).get(0).value();
        return EventJson.read(event, TreatmentPlanApproved.TYPE).payload();
    }

    @ParameterizedTest(name = "{0}: texted {2}")
    @CsvSource(delimiter = '|', value = {
            "on        | \"textSitterOnCriticalAlerts\": true  | true",
            "off       | \"textSitterOnCriticalAlerts\": false | false",
            "left out  |                                       | true",
            "null      | \"textSitterOnCriticalAlerts\": null  | true",
    })
    void shouldStoreAndPublishWhetherTheSitterIsTextedOnByDefault(String name, String field, boolean texted) {
        String patientId = screenedPatient();

        String planId = asClinician().body(approving(field == null ? "" : field)).post("/patients/{id}/evaluations", patientId)
                .then().statusCode(201).body("plan.textSitterOnCriticalAlerts", equalTo(texted))
                .extract().path("plan.id");

        as(Roles.ADMIN).get("/patients/{id}/plans", patientId).then().statusCode(200)
                .body("[0].textSitterOnCriticalAlerts", equalTo(texted));
        TreatmentPlanApproved event = published(patientId, planId);
        assertThat(event.textSitterOnCriticalAlerts()).isEqualTo(texted);
        assertThat(event.sitterTexted()).isEqualTo(texted);
    }

    @Test
    void shouldLetAMaintenancePlanTurnTheTextsOffAndAPlanLeftSilentTurnThemOnAgain() {
        String patientId = screenedPatient();
        asClinician().body(approving("")).post("/patients/{id}/evaluations", patientId).then().statusCode(201);

        String off = asClinician().body("{\"doseMg\": 250, \"textSitterOnCriticalAlerts\": false}")
                .post("/patients/{id}/plans", patientId).then().statusCode(201)
                .body("textSitterOnCriticalAlerts", equalTo(false)).extract().path("id");
        assertThat(published(patientId, off).textSitterOnCriticalAlerts()).isFalse();

        String silent = asClinician().body("{\"doseMg\": 250}").post("/patients/{id}/plans", patientId)
                .then().statusCode(201).body("textSitterOnCriticalAlerts", equalTo(true)).extract().path("id");
        assertThat(published(patientId, silent).textSitterOnCriticalAlerts()).as("the safe default").isTrue();
    }

    @ParameterizedTest(name = "400 on {0}")
    @ValueSource(strings = {"\"no\"", "\"false\"", "0", "1", "{}", "[false]"})
    void shouldRefuseAnythingButABooleanAndStoreNothing(String value) {
        String patientId = screenedPatient();

        asClinician().body(approving("\"textSitterOnCriticalAlerts\": " + value)).post("/patients/{id}/evaluations", patientId)
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", hasItem("plan.textSitterOnCriticalAlerts"));
        as(Roles.ADMIN).get("/patients/{id}/plans", patientId).then().statusCode(200).body("size()", equalTo(0));

        asClinician().body(approving("\"textSitterOnCriticalAlerts\": false")).post("/patients/{id}/evaluations", patientId)
                .then().statusCode(201);
        asClinician().body("{\"doseMg\": 250, \"textSitterOnCriticalAlerts\": " + value + "}")
                .post("/patients/{id}/plans", patientId)
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", hasItem("textSitterOnCriticalAlerts"));
        as(Roles.ADMIN).get("/patients/{id}/plans", patientId).then().statusCode(200).body("size()", equalTo(1))
                .body("[0].textSitterOnCriticalAlerts", equalTo(false));
    }
}
