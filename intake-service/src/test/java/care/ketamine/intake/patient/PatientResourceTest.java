package care.ketamine.intake.patient;

import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.intake.PatientRegistered;
import care.ketamine.contracts.security.Roles;
import care.ketamine.intake.audit.AuditEntry;
import care.ketamine.testsupport.RealInfrastructure;
import care.ketamine.testsupport.TopicProbe;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.UUID;

import static care.ketamine.intake.IntakeFixtures.as;
import static care.ketamine.intake.IntakeFixtures.asIntake;
import static care.ketamine.intake.IntakeFixtures.patientJson;
import static care.ketamine.intake.IntakeFixtures.register;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class PatientResourceTest {

    private static long patients() {
        return QuarkusTransaction.requiringNew().call(() -> Patient.count());
    }

    @Test
    void shouldRegisterAPatientAndPublishPatientRegisteredKeyedByPatient() {
        String id = asIntake().body(patientJson()).when().post("/patients")
                .then().statusCode(201)
                .header("Location", containsString("/patients/"))
                .body("id", notNullValue()).body("usState", equalTo("CA"))
                .body("sitter.relationship", equalTo("spouse"))
                .extract().path("id");

        ConsumerRecord<String, String> record = TopicProbe.awaitRecords(Topics.INTAKE_PATIENTS,
                r -> id.equals(r.key()) && r.value().contains("patient.registered"), Duration.ofSeconds(10)).get(0);
        PatientRegistered event = EventJson.read(record.value(), PatientRegistered.TYPE).payload();
        assertThat(event.patientId()).isEqualTo(id);
        assertThat(record.value()).as("no name, phone, email, state or time zone on the topic")
                .doesNotContain("usState").doesNotContain("America/Los_Angeles").doesNotContain("Rivera").doesNotContain("+1 415 555").doesNotContain("example.org").doesNotContain("1986-04-12");
    }

    @Test
    void shouldAnswer409WithTheExistingIdWhenTheSamePersonIsRegisteredAgain() {
        String phone = "+1 (415) 555-" + String.format("%04d", Math.floorMod(UUID.randomUUID().hashCode(), 10000));
        String family = "Okafor " + UUID.randomUUID().toString().substring(0, 6);
        String id = asIntake().body(patientJson("Ada", family, "1979-02-01", phone)).post("/patients")
                .then().statusCode(201).extract().path("id");
        long before = patients();

        asIntake().body(patientJson("  ada ", family.toUpperCase(), "1979-02-01", phone.replaceAll("[^0-9+]", "")))
                .when().post("/patients")
                .then().statusCode(409).contentType("application/problem+json")
                .body("existingId", equalTo(id));
        assertThat(patients()).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "\"usState\": \"CA\"                         | \"usState\": \"XX\"                      | usState",
            "\"usState\": \"CA\"                         | \"usState\": null                        | usState",
            "\"timezone\": \"America/Los_Angeles\"       | \"timezone\": \"Mars/Olympus\"           | timezone",
            "\"dateOfBirth\": \"1986-04-12\"             | \"dateOfBirth\": \"2015-01-01\"          | dateOfBirth",
            "\"email\": \"alex@example.org\"             | \"email\": \"not-an-email\"              | email",
            "\"phone\": \"+1 415 555                     | \"phone\": \"call me +1 415 555          | phone",
            "\"givenName\": \"Alex\"                     | \"givenName\": \" \"                     | givenName",
            "\"memberId\": \"XEH123\"                    | \"memberId\": null                       | insurance",
            "\"name\": \"Sam Rivera\"                    | \"name\": null                           | sitter.name",
            "\"relationship\": \"sister\"                | \"relationship\": \"\"                   | emergencyContact.relationship",
            // Shape (Bean Validation on PatientRequest): missing, malformed or oversized
            "\"givenName\": \"Alex\"                     | \"givenName\": null                     | givenName",
            "\"dateOfBirth\": \"1986-04-12\"             | \"dateOfBirth\": null                   | dateOfBirth",
            "\"email\": \"alex@example.org\"             | \"email\": null                         | email",
            "\"phone\": \"+1 415 555                     | \"phone\": \"+1 415 555 0000 0000 0000 0000 | phone",
            "\"phone\": \"+1 415 555 0188\"              | \"phone\": \"12345\"                    | sitter.phone",
            "\"phone\": \"+1 415 555 0101\"              | \"phone\": null                         | emergencyContact.phone",
            "\"sitter\": {\"name\": \"Sam Rivera\", \"phone\": \"+1 415 555 0188\", \"relationship\": \"spouse\"} | \"sitter\": null | sitter",
    })
    void shouldRefuseAnInvalidRegistrationNamingTheFieldAndSaveNothing(String good, String bad, String field) {
        String body = patientJson().replace(good, bad);
        assertThat(body).as("the test case must change the body").isNotEqualTo(patientJson().replace(good, good + " "));
        long before = patients();

        asIntake().body(body).when().post("/patients")
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", hasItem(field));
        assertThat(patients()).isEqualTo(before);
    }

    @Test
    void shouldAnswerAShapeViolationWithOneProblemPerFieldAndChangeNothing() {
        String id = register();
        String body = patientJson("Alex", "Rivera", "1986-04-12", "+1 212 555 0199").replace("\"+1 415 555 0188\"", "\"12345\"")
                .replace("\"Jo Rivera\"", "\"" + "J".repeat(201) + "\"");
        long before = patients();

        for (var call : java.util.List.<java.util.function.Supplier<io.restassured.response.Response>>of(
                () -> asIntake().body(body).post("/patients"), () -> asIntake().body(body).put("/patients/{id}", id))) {
            call.get().then().statusCode(400).contentType("application/problem+json")
                    .body("type", equalTo("https://ketamine.care/problems/invalid-request"))
                    .body("title", equalTo("Bad Request")).body("status", equalTo(400))
                    .body("detail", containsString("2 field(s)"))
                    .body("violations", hasSize(2))
                    .body("violations[0].field", equalTo("emergencyContact.name"))
                    .body("violations[0].rule", equalTo("at most 200 characters and 400 bytes (UTF-8)"))
                    .body("violations[1].field", equalTo("sitter.phone"))
                    .body("violations[1].rule", equalTo("must be a phone number"));
        }
        assertThat(patients()).isEqualTo(before);
        asIntake().get("/patients/{id}", id).then().statusCode(200)
                .body("emergencyContact.name", equalTo("Jo Rivera")).body("sitter.phone", equalTo("+1 415 555 0188"));
    }

    @Test
    void shouldRefuseMalformedJsonUnknownFieldsAndAMissingBody() {
        asIntake().body("{\"givenName\": ").post("/patients").then().statusCode(400).contentType("application/problem+json");
        asIntake().body(patientJson().replace("{\"givenName\"", "{\"nickname\": \"A\", \"givenName\""))
                .post("/patients").then().statusCode(400)
                .body("violations[0].field", equalTo("nickname"))
                .body("violations[0].rule", equalTo("is not a field of this request"));
        asIntake().body(patientJson().replace("\"1986-04-12\"", "\"12/04/1986\"")).post("/patients")
                .then().statusCode(400).body("violations[0].field", equalTo("dateOfBirth"));
        asIntake().post("/patients").then().statusCode(400).contentType("application/problem+json")
                .body("violations[0].field", equalTo("body")).body("violations[0].rule", equalTo("is required"));
    }

    @Test
    void shouldLetOnlyIntakeRegisterAndOnlyIntakeAdminsOrTheCareTeamRead() {
        given().contentType(ContentType.JSON).body(patientJson()).post("/patients").then().statusCode(401);
        as(Roles.CLINICIAN).body(patientJson()).post("/patients").then().statusCode(403).contentType("application/problem+json");
        as(Roles.ON_CALL).body(patientJson()).post("/patients").then().statusCode(403);
        String id = register();
        as(Roles.PATIENT_DEVICE).get("/patients/{id}", id).then().statusCode(401); // a device token is for vitals only
        as(Roles.ON_CALL).get("/patients/{id}", id).then().statusCode(403);
        as(Roles.CLINICIAN).body(patientJson()).put("/patients/{id}", id).then().statusCode(403);
        as(Roles.CLINICIAN).get("/patients/{id}", id).then().statusCode(403); // not on this patient's care team (CareTeamTest)
        as(Roles.ADMIN).get("/patients/{id}", id).then().statusCode(200);
    }

    @Test
    void shouldAuditEveryReadOfAPatientsRecord() {
        String id = register();
        UUID patientId = UUID.fromString(id);

        as(Roles.ADMIN).get("/patients/{id}", id).then().statusCode(200).body("id", equalTo(id));
        asIntake().get("/patients/{id}", id).then().statusCode(200);

        var entries = QuarkusTransaction.requiringNew().call(() ->
                AuditEntry.<AuditEntry>list("patientId = ?1 order by id", patientId));
        assertThat(entries).extracting(e -> e.actorRole).containsExactly("admin", "intake");
        assertThat(entries).extracting(e -> e.action).containsOnly("patient.read");
        assertThat(entries).allSatisfy(e -> assertThat(e.actor).isNotBlank());
    }

    @Test
    void shouldUpdateDetailsButRefuseToTurnAPatientIntoAnother() {
        String phone = "+1 212 555 " + String.format("%04d", Math.floorMod(UUID.randomUUID().hashCode(), 10000));
        String family = "Chen " + UUID.randomUUID().toString().substring(0, 6);
        String first = asIntake().body(patientJson("Li", family, "1990-06-30", phone)).post("/patients")
                .then().statusCode(201).extract().path("id");
        String second = register();

        asIntake().body(patientJson("Li", family, "1990-06-30", phone).replace("\"CA\"", "\"NY\""))
                .put("/patients/{id}", first).then().statusCode(200).body("usState", equalTo("NY"));
        asIntake().body(patientJson("Li", family, "1990-06-30", phone))
                .put("/patients/{id}", second).then().statusCode(409).body("existingId", equalTo(first));
        asIntake().body(patientJson()).put("/patients/{id}", UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json");
        asIntake().get("/patients/{id}", "not-a-uuid").then().statusCode(404);
    }
}
