package care.ketamine.intake;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.security.Roles;
import care.ketamine.contracts.sessions.ClinicianUpdated;
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
import java.util.Set;
import java.util.UUID;

import static care.ketamine.intake.IntakeFixtures.asIntake;
import static care.ketamine.intake.IntakeFixtures.patientJson;
import static care.ketamine.intake.IntakeFixtures.register;
import static care.ketamine.intake.IntakeFixtures.screeningJson;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** Every free text has a limit in characters and in UTF-8 bytes; a body over 64 KB is not read. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class InputLimitsTest {

    private static final String CLINICIAN = "dr-limits-" + UUID.randomUUID().toString().substring(0, 6);
    /** One character, three bytes in UTF-8. */
    private static final String WIDE = "語";

    @BeforeAll
    static void aLicensedClinician() {
        TopicProbe.send(Topics.SESSIONS_CLINICIANS, CLINICIAN, EventJson.write(EventEnvelope.wrap(ClinicianUpdated.TYPE,
                CLINICIAN, new ClinicianUpdated(CLINICIAN, "Dr Limits", "MD", Set.of("CA"), true, Instant.now()),
                Clock.systemUTC())));
        await().atMost(Duration.ofSeconds(15)).until(() ->
                QuarkusTransaction.requiringNew().call(() -> ClinicianLicence.findById(CLINICIAN)) != null);
    }

    @Test
    void shouldRefuseARegistrationWithAnyTextOverItsLimitAndStoreNothing() {
        long before = patients();
        String valid = patientJson();

        oversized(valid.replace("\"Alex\"", "\"" + "A".repeat(201) + "\""), "givenName", "200 characters");
        // 150 characters, but 450 bytes
        oversized(valid.replace("\"Alex\"", "\"" + WIDE.repeat(150) + "\""), "givenName", "400 bytes");
        oversized(valid.replace("\"XEH123\"", "\"" + "9".repeat(201) + "\""), "insurance.memberId", "200 characters");
        oversized(valid.replace("\"Blue Shield\"", "\"" + WIDE.repeat(134) + "\""), "insurance.payer", "400 bytes");
        oversized(valid.replace("\"alex@example.org\"", "\"" + "a".repeat(250) + "@example.org\""), "email", "254");
        oversized(valid.replace("\"sister\"", "\"" + WIDE.repeat(200) + "\""), "emergencyContact.relationship", "400 bytes");
        oversized(valid.replace("\"Sam Rivera\"", "\"" + "S".repeat(201) + "\""), "sitter.name", "200 characters");
        oversized(valid.replace("\"America/Los_Angeles\"", "\"America/" + "L".repeat(100) + "\""), "timezone", "64");

        assertThat(patients()).isEqualTo(before);
        asIntake().body(valid.replace("\"Alex\"", "\"" + WIDE.repeat(133) + "\"")).post("/patients").then().statusCode(201);
    }

    @Test
    void shouldRefuseAnEvaluationNoteOrDischargeReasonOverItsLimitAndStoreNothing() {
        String patientId = register();
        asIntake().body(screeningJson()).post("/patients/{id}/screenings", patientId).then().statusCode(201);
        long evaluations = evaluations();

        asClinician().body("{\"decision\": \"DECLINE\", \"note\": \"" + "n".repeat(4001) + "\"}")
                .post("/patients/{id}/evaluations", patientId).then().statusCode(400)
                .contentType("application/problem+json").body("violations[0].field", equalTo("note"));
        // 3,000 characters, 9,000 bytes
        asClinician().body("{\"decision\": \"DECLINE\", \"note\": \"" + WIDE.repeat(3000) + "\"}")
                .post("/patients/{id}/evaluations", patientId).then().statusCode(400)
                .body("violations[0].rule", containsString("8000 bytes"));
        assertThat(evaluations()).isEqualTo(evaluations);

        asClinician().body("{\"decision\": \"APPROVE\", \"note\": \"ok\", \"plan\": {\"doseMg\": 300}}")
                .post("/patients/{id}/evaluations", patientId).then().statusCode(201);
        asClinician().body("{\"reason\": \"" + WIDE.repeat(3000) + "\"}").post("/patients/{id}/discharge", patientId)
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations[0].field", equalTo("reason")).body("violations[0].rule", containsString("8000 bytes"));
        assertThat(QuarkusTransaction.requiringNew().call(() ->
                Patient.<Patient>findById(UUID.fromString(patientId)).dischargedAt)).isNull();
    }

    @Test
    void shouldRefuseABodyOver64KilobytesWith413() {
        long before = patients();
        String huge = patientJson().replace("\"Alex\"", "\"" + "A".repeat(70_000) + "\"");

        asIntake().body(huge).post("/patients").then().statusCode(413).contentType("application/problem+json")
                .body("detail", containsString("65536"));
        assertThat(patients()).isEqualTo(before);
    }

    @Test
    void shouldDocumentEveryLimitInTheOpenApi() {
        String api = given().accept("application/json").get("/q/openapi").then().statusCode(200).extract().asString();
        assertThat(api).containsPattern("\"maxLength\"\\s*:\\s*200\\b").containsPattern("\"maxLength\"\\s*:\\s*4000\\b")
                .containsPattern("\"maxLength\"\\s*:\\s*254\\b").contains("400 bytes (UTF-8)").contains("8000 bytes (UTF-8)");
    }

    private static void oversized(String body, String field, String rule) {
        asIntake().body(body).post("/patients").then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", hasItem(field)).body("violations.rule", hasItem(containsString(rule)));
    }

    private static long patients() {
        return QuarkusTransaction.requiringNew().call(() -> Patient.count());
    }

    private static long evaluations() {
        return QuarkusTransaction.requiringNew().call(() -> Evaluation.count());
    }

    private static RequestSpecification asClinician() {
        return given().auth().oauth2(DevTokens.sign(CLINICIAN, Roles.CLINICIAN, null, Duration.ofHours(1)))
                .contentType(ContentType.JSON);
    }
}
