package care.ketamine.session.clinician;

import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.security.Roles;
import care.ketamine.contracts.sessions.ClinicianUpdated;
import care.ketamine.testsupport.DevTokens;
import care.ketamine.testsupport.RealInfrastructure;
import care.ketamine.testsupport.TopicProbe;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class ClinicianResourceTest {

    private static RequestSpecification as(String role) {
        return given().auth().oauth2(DevTokens.forRole(role)).contentType(ContentType.JSON);
    }

    private static String clinicianJson(String id) {
        return """
                {"id": "%s", "displayName": "Dr Ada Okafor", "licenceType": "MD", "licensedStates": ["CA", "OR"],
                 "timezone": "America/Los_Angeles",
                 "availability": [{"day": "MONDAY", "from": "09:00", "to": "17:00"}, {"day": "THURSDAY", "from": "12:00", "to": "20:00"}]}"""
                .formatted(id);
    }

    private static String newId() {
        return "dr-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static long clinicians() {
        return QuarkusTransaction.requiringNew().call(() -> Clinician.count());
    }

    @Test
    void shouldAddAClinicianAndPublishTheLicenceForIntake() {
        String id = newId();

        as(Roles.ADMIN).body(clinicianJson(id)).when().post("/clinicians")
                .then().statusCode(201).body("id", equalTo(id)).body("prescriber", equalTo(true))
                .body("availability[1].day", equalTo("THURSDAY"));

        String record = TopicProbe.awaitRecords(Topics.SESSIONS_CLINICIANS, r -> id.equals(r.key()), Duration.ofSeconds(10))
                .get(0).value();
        ClinicianUpdated event = EventJson.read(record, ClinicianUpdated.TYPE).payload();
        assertThat(event.licenceType()).isEqualTo("MD");
        assertThat(event.licensedStates()).isEqualTo(Set.of("CA", "OR"));
        assertThat(event.active()).isTrue();
    }

    @Test
    void shouldPublishEveryChangeAndRecordLeave() {
        String id = newId();
        as(Roles.ADMIN).body(clinicianJson(id)).post("/clinicians").then().statusCode(201);

        as(Roles.ADMIN).body(clinicianJson(id).replace("[\"CA\", \"OR\"]", "[\"NY\"]").replace("\"id\": \"" + id + "\", ", ""))
                .put("/clinicians/{id}", id).then().statusCode(200).body("licensedStates", equalTo(java.util.List.of("NY")));
        as(Roles.ADMIN).body("{\"startsOn\": \"2026-12-24\", \"endsOn\": \"2026-12-28\", \"reason\": \"holiday\"}")
                .post("/clinicians/{id}/leave", id).then().statusCode(201).body("leave[0].endsOn", equalTo("2026-12-28"));

        var records = TopicProbe.awaitRecords(Topics.SESSIONS_CLINICIANS,
                r -> id.equals(r.key()) && r.value().contains("\"NY\""), Duration.ofSeconds(10));
        assertThat(records).hasSize(1);
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', value = {
            "\"licenceType\": \"MD\"              | \"licenceType\": \"RN\"          | licenceType",
            "\"licenceType\": \"MD\",             | \"licenceType\": null,           | licenceType",
            "[\"CA\", \"OR\"]                     | [\"CA\", \"XX\"]                 | licensedStates",
            "[\"CA\", \"OR\"]                     | []                               | licensedStates",
            "\"America/Los_Angeles\"              | \"Pacific\"                      | timezone",
            "\"from\": \"09:00\"                  | \"from\": \"18:00\"              | availability[0]",
            "\"from\": \"09:00\"                  | \"from\": \"9am\"                | availability[0].from",
            "\"displayName\"                      | \"nickname\": \"Ada\", \"displayName\" | nickname",
    })
    void shouldRefuseAnInvalidClinicianAndSaveNothing(String good, String bad, String field) {
        String body = clinicianJson(newId()).replace(good.strip(), bad.strip());
        long before = clinicians();

        as(Roles.ADMIN).body(body).post("/clinicians")
                .then().statusCode(400).contentType("application/problem+json").body("violations.field", hasItem(field));
        assertThat(clinicians()).isEqualTo(before);
    }

    @Test
    void shouldRefuseAClinicianOrLeaveOfTheWrongShapeNamingTheFieldAndSaveNothing() {
        String id = newId();
        String[][] refused = {
                {clinicianJson(id).replace("Dr Ada Okafor", " "), "displayName", "is required"},
                {clinicianJson(id).replace("Dr Ada Okafor", "d".repeat(201)), "displayName",
                        "at most 200 characters and 400 bytes (UTF-8)"},
                {clinicianJson(id).replace("\"licenceType\": \"MD\", ", ""), "licenceType", "is required"},
                {clinicianJson(id).replace("[\"CA\", \"OR\"]", "[]"), "licensedStates", "must name at least one US state"},
                {clinicianJson(id).replaceAll(",\\s*\"availability\": \\[.*]", ""), "availability", "is required (may be empty)"},
        };
        long before = clinicians();
        for (String[] bad : refused) {
            as(Roles.ADMIN).body(bad[0]).post("/clinicians").then().statusCode(400).contentType("application/problem+json")
                    .body("violations.field", equalTo(List.of(bad[1]))).body("violations[0].rule", equalTo(bad[2]));
        }
        as(Roles.ADMIN).post("/clinicians").then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", equalTo(List.of("body")));
        assertThat(clinicians()).isEqualTo(before);

        as(Roles.ADMIN).body(clinicianJson(id)).post("/clinicians").then().statusCode(201);
        String[][] leave = {
                {"{\"endsOn\": \"2026-12-28\", \"reason\": \"holiday\"}", "startsOn", "is required"},
                {"{\"startsOn\": \"2026-12-24\", \"endsOn\": \"2026-12-28\", \"reason\": \" \"}", "reason", "is required"},
                {"{\"startsOn\": \"2026-12-24\", \"endsOn\": \"2026-12-28\", \"reason\": \"" + "r".repeat(1_001) + "\"}",
                        "reason", "at most 1000 characters and 4000 bytes (UTF-8)"},
        };
        for (String[] bad : leave) {
            as(Roles.ADMIN).body(bad[0]).post("/clinicians/{id}/leave", id).then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("violations.field", equalTo(List.of(bad[1]))).body("violations[0].rule", equalTo(bad[2]));
        }
        as(Roles.ADMIN).post("/clinicians/{id}/leave", id).then().statusCode(400).body("violations.field", equalTo(List.of("body")));
        as(Roles.ADMIN).get("/clinicians/{id}", id).then().statusCode(200).body("leave", hasSize(0));
    }

    @Test
    void shouldRefuseADuplicateIdAndBadLeave() {
        String id = newId();
        as(Roles.ADMIN).body(clinicianJson(id)).post("/clinicians").then().statusCode(201);

        as(Roles.ADMIN).body(clinicianJson(id)).post("/clinicians").then().statusCode(409).body("existingId", equalTo(id));
        as(Roles.ADMIN).body("{\"startsOn\": \"2026-12-28\", \"endsOn\": \"2026-12-24\", \"reason\": \"x\"}")
                .post("/clinicians/{id}/leave", id).then().statusCode(400).body("violations[0].field", equalTo("endsOn"));
        as(Roles.ADMIN).body(clinicianJson("someone-else")).put("/clinicians/{id}", id)
                .then().statusCode(400).body("violations[0].field", equalTo("id"));
        as(Roles.ADMIN).body(clinicianJson(null).replace("\"id\": \"null\", ", "")).put("/clinicians/{id}", newId())
                .then().statusCode(404);
    }

    @Test
    void shouldLetOnlyAdminsChangeCliniciansAndCliniciansReadOnlyThemselves() {
        String id = newId();
        given().contentType(ContentType.JSON).body(clinicianJson(id)).post("/clinicians").then().statusCode(401);
        as(Roles.CLINICIAN).body(clinicianJson(id)).post("/clinicians").then().statusCode(403);
        as(Roles.SCHEDULER).body(clinicianJson(id)).post("/clinicians").then().statusCode(403);
        as(Roles.ADMIN).body(clinicianJson(id)).post("/clinicians").then().statusCode(201);

        as(Roles.SCHEDULER).get("/clinicians").then().statusCode(200);
        as(Roles.INTAKE).get("/clinicians").then().statusCode(403);
        as(Roles.CLINICIAN).get("/clinicians").then().statusCode(403);
        given().auth().oauth2(DevTokens.sign(id, Roles.CLINICIAN, null, Duration.ofHours(1)))
                .get("/clinicians/{id}", id).then().statusCode(200).body("id", equalTo(id));
        as(Roles.CLINICIAN).get("/clinicians/{id}", id).then().statusCode(403).contentType("application/problem+json");
        as(Roles.CLINICIAN).body("{\"startsOn\": \"2026-12-24\", \"endsOn\": \"2026-12-28\", \"reason\": \"x\"}")
                .post("/clinicians/{id}/leave", id).then().statusCode(403);
    }
}
