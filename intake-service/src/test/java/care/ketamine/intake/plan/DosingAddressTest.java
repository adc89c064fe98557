package care.ketamine.intake.plan;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.intake.DosingAddress;
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
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

/** The plan carries where the patient will be during sessions and the local emergency number. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class DosingAddressTest {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    private static final String CA_MD = "dr-addr-ca-" + RUN;
    private static final String NY_MD = "dr-addr-ny-" + RUN;

    private static final String OAKLAND = """
            {"street": "12 Oak St, Apt 4", "city": "Oakland", "region": "CA", "postalCode": "94607", "country": "us",
             "accessNotes": "gate code 4512, 2nd floor"}""";

    @BeforeAll
    static void clinicianLicencesArriveFromSessionService() {
        for (String[] c : new String[][]{{CA_MD, "CA"}, {NY_MD, "NY"}}) {
            TopicProbe.send(Topics.SESSIONS_CLINICIANS, c[0], EventJson.write(EventEnvelope.wrap(ClinicianUpdated.TYPE, c[0],
                    new ClinicianUpdated(c[0], "Dr " + c[0], "MD", Set.of(c[1]), true, Instant.now()), Clock.systemUTC())));
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> QuarkusTransaction.requiringNew().call(() ->
                ClinicianLicence.count("clinicianId in ?1", Set.of(CA_MD, NY_MD))) == 2);
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

    private static String approving(String address) {
        return "{\"decision\": \"APPROVE\", \"note\": \"Reviewed.\", \"plan\": {\"doseMg\": 300, \"dosingAddress\": "
                + address + "}}";
    }

    private static TreatmentPlanApproved published(String patientId, String planId) {
        String event = TopicProbe.awaitRecords(Topics.INTAKE_PATIENTS,
                r -> patientId.equals(r.key()) && r.value().contains(planId), Duration.ofSeconds(10)).get(0).value();
        return EventJson.read(event, TreatmentPlanApproved.TYPE).payload();
    }

    @Test
    void shouldStoreAndPublishTheDosingAddressWithTheCountrysEmergencyNumber() {
        String patientId = screenedPatient();

        String planId = asClinician(CA_MD).body(approving(OAKLAND)).post("/patients/{id}/evaluations", patientId)
                .then().statusCode(201)
                .body("plan.dosingAddress.country", equalTo("US"))
                .body("plan.dosingAddress.emergencyNumber", equalTo("911"))
                .extract().path("plan.id");

        as(Roles.ADMIN).get("/patients/{id}/plans", patientId).then().statusCode(200)
                .body("[0].dosingAddress.street", equalTo("12 Oak St, Apt 4"))
                .body("[0].dosingAddress.accessNotes", equalTo("gate code 4512, 2nd floor"));
        assertThat(published(patientId, planId).dosingAddress()).isEqualTo(new DosingAddress("12 Oak St, Apt 4",
                "Oakland", "CA", "94607", "US", "gate code 4512, 2nd floor", "911"));

        // A maintenance plan that names none keeps the address; one that names another takes it, and its number.
        String same = asClinician(CA_MD).body("{\"doseMg\": 250}").post("/patients/{id}/plans", patientId)
                .then().statusCode(201).body("dosingAddress.city", equalTo("Oakland")).extract().path("id");
        assertThat(published(patientId, same).dosingAddress().emergencyNumber()).isEqualTo("911");
        String moved = asClinician(CA_MD).body("{\"doseMg\": 250, \"dosingAddress\": {\"street\": \"1 High St\", "
                        + "\"city\": \"Leeds\", \"country\": \"GB\"}}").post("/patients/{id}/plans", patientId)
                .then().statusCode(201).body("dosingAddress.emergencyNumber", equalTo("999"))
                .body("dosingAddress.region", nullValue()).extract().path("id");
        assertThat(published(patientId, moved).dosingAddress().oneLine()).isEqualTo("1 High St, Leeds, GB");
    }

    @Test
    void shouldKeepTheEmergencyNumberAClinicianSetsAndApproveAPlanWithoutAnAddress() {
        String patientId = screenedPatient();
        String local = OAKLAND.replace("\"country\": \"us\"", "\"country\": \"US\", \"emergencyNumber\": \"+1 510 555 0100\"");

        asClinician(CA_MD).body(approving(local)).post("/patients/{id}/evaluations", patientId)
                .then().statusCode(201).body("plan.dosingAddress.emergencyNumber", equalTo("+1 510 555 0100"));

        String other = screenedPatient();
        String planId = asClinician(CA_MD).body("{\"decision\": \"APPROVE\", \"note\": \"Reviewed.\", \"plan\": {\"doseMg\": 300}}")
                .post("/patients/{id}/evaluations", other)
                .then().statusCode(201).body("plan.dosingAddress", nullValue()).extract().path("plan.id");
        assertThat(published(other, planId).dosingAddress()).as("recorded at check-in").isNull();
    }

    @ParameterizedTest(name = "{0}: 400 on {2}")
    @CsvSource(delimiter = '|', value = {
            "no street          | {\"city\": \"Oakland\", \"region\": \"CA\", \"postalCode\": \"94607\", \"country\": \"US\"}                       | plan.dosingAddress.street",
            "no country         | {\"street\": \"12 Oak St\", \"city\": \"Oakland\", \"region\": \"CA\", \"postalCode\": \"94607\"}                 | plan.dosingAddress.country",
            "bad country        | {\"street\": \"12 Oak St\", \"city\": \"Oakland\", \"region\": \"CA\", \"postalCode\": \"94607\", \"country\": \"USA\"} | plan.dosingAddress.country",
            "US without a ZIP   | {\"street\": \"12 Oak St\", \"city\": \"Oakland\", \"region\": \"CA\", \"country\": \"US\"}                        | plan.dosingAddress.postalCode",
            "bad number         | {\"street\": \"12 Oak St\", \"city\": \"Oakland\", \"region\": \"CA\", \"postalCode\": \"94607\", \"country\": \"US\", \"emergencyNumber\": \"help\"} | plan.dosingAddress.emergencyNumber",
            "street oversized   | {\"street\": \"STREET\", \"city\": \"Oakland\", \"region\": \"CA\", \"postalCode\": \"94607\", \"country\": \"US\"}  | plan.dosingAddress.street",
            "notes oversized    | {\"street\": \"12 Oak St\", \"city\": \"Oakland\", \"region\": \"CA\", \"postalCode\": \"94607\", \"country\": \"US\", \"accessNotes\": \"NOTES\"} | plan.dosingAddress.accessNotes",
    })
    void shouldRefuseAnIncompleteOrOversizedAddressAndStoreNothing(String name, String address, String field) {
        String body = address.replace("STREET", "s".repeat(201)).replace("NOTES", "n".repeat(1001));
        String patientId = screenedPatient();

        asClinician(CA_MD).body(approving(body)).post("/patients/{id}/evaluations", patientId)
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", hasItem(field));
        as(Roles.ADMIN).get("/patients/{id}/plans", patientId).then().statusCode(200).body("size()", equalTo(0));

        asClinician(CA_MD).body(approving(OAKLAND)).post("/patients/{id}/evaluations", patientId).then().statusCode(201);
        asClinician(CA_MD).body("{\"doseMg\": 300, \"dosingAddress\": " + body + "}").post("/patients/{id}/plans", patientId)
                .then().statusCode(400).contentType("application/problem+json").body("violations.field", hasItem(field));
        as(Roles.ADMIN).get("/patients/{id}/plans", patientId).then().statusCode(200).body("size()", equalTo(1))
                .body("[0].dosingAddress.street", equalTo("12 Oak St, Apt 4"));
    }

    @Test
    void shouldRefuseAnAddressFromAnyoneButALicensedClinicianOnTheCareTeam() {
        String patientId = screenedPatient();

        as(Roles.INTAKE).body(approving(OAKLAND)).post("/patients/{id}/evaluations", patientId).then().statusCode(403);
        as(Roles.ON_CALL).body(approving(OAKLAND)).post("/patients/{id}/evaluations", patientId).then().statusCode(403);
        asClinician(NY_MD).body(approving(OAKLAND)).post("/patients/{id}/evaluations", patientId).then().statusCode(403);
        given().contentType(ContentType.JSON).body(approving(OAKLAND)).post("/patients/{id}/evaluations", patientId)
                .then().statusCode(401);
        as(Roles.ADMIN).get("/patients/{id}/plans", patientId).then().statusCode(200).body("size()", equalTo(0));
    }
}
