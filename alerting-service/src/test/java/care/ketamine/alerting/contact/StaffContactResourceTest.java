package care.ketamine.alerting.contact;

import care.ketamine.contracts.security.Roles;
import care.ketamine.testsupport.DevTokens;
import care.ketamine.testsupport.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/** Admins keep everyone's contact details; a person keeps their own email and phone, never the operator mark. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class StaffContactResourceTest {

    private static RequestSpecification as(String subject, String role) {
        return given().auth().oauth2(DevTokens.sign(subject, role, null, Duration.ofHours(1))).contentType(ContentType.JSON);
    }

    private static String someone() {
        return "nurse-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void shouldLetAnAdminSetEveryonesDetailsAndAPersonTheirOwn() {
        String nurse = someone();
        as("admin-1", Roles.ADMIN).body("{\"email\": \"Nurse@Clinic.EXAMPLE\", \"phone\": \"+1 (555) 010-2030\", \"operator\": true}")
                .put("/staff/{id}/contact", nurse).then().statusCode(200)
                .body("email", equalTo("Nurse@clinic.example")).body("phone", equalTo("+15550102030")).body("operator", equalTo(true));

        as(nurse, Roles.ON_CALL).body("{\"email\": null, \"phone\": \"+447700900123\"}").put("/staff/{id}/contact", nurse)
                .then().statusCode(200).body("email", nullValue()).body("phone", equalTo("+447700900123"))
                .body("operator", equalTo(true)); // left as the admin set it
        as(nurse, Roles.ON_CALL).get("/staff/{id}/contact", nurse).then().statusCode(200).body("phone", equalTo("+447700900123"));
    }

    @Test
    void shouldRefuseAnyoneButAnAdminOrThePersonAndChangeNothing() {
        String nurse = someone();
        as("admin-1", Roles.ADMIN).body("{\"phone\": \"+15550102030\"}").put("/staff/{id}/contact", nurse).then().statusCode(200);

        as("dr-other", Roles.CLINICIAN).get("/staff/{id}/contact", nurse).then().statusCode(403)
                .contentType(startsWith("application/problem+json"));
        as("dr-other", Roles.CLINICIAN).body("{\"phone\": \"+15559999999\"}").put("/staff/{id}/contact", nurse).then().statusCode(403);
        as(nurse, Roles.ON_CALL).body("{\"phone\": \"+15550102030\", \"operator\": true}").put("/staff/{id}/contact", nurse)
                .then().statusCode(403).body("detail", equalTo("Only an admin makes someone an operator"));
        given().contentType(ContentType.JSON).body("{}").put("/staff/{id}/contact", nurse).then().statusCode(401);
        as("intake-1", Roles.INTAKE).get("/staff/{id}/contact", nurse).then().statusCode(403);

        as("admin-1", Roles.ADMIN).get("/staff/{id}/contact", nurse).then().statusCode(200)
                .body("phone", equalTo("+15550102030")).body("operator", equalTo(false));
    }

    @Test
    void shouldRefuseUnusableDetailsSayingWhichAndChangeNothing() {
        String nurse = someone();
        as("admin-1", Roles.ADMIN).body("{\"email\": \"nurse@clinic.example\"}").put("/staff/{id}/contact", nurse).then().statusCode(200);

        as(nurse, Roles.ON_CALL).body("{\"email\": \"not an address\", \"phone\": \"5550102030\"}").put("/staff/{id}/contact", nurse)
                .then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("violations.field", hasItems("email", "phone"));
        as(nurse, Roles.ON_CALL).body("{\"email\": \"" + "a".repeat(250) + "@clinic.example\"}").put("/staff/{id}/contact", nurse)
                .then().statusCode(400);
        as(nurse, Roles.ON_CALL).body("{\"phone\": 5550102030, \"pager\": \"x\"}").put("/staff/{id}/contact", nurse)
                .then().statusCode(400);
        as(nurse, Roles.ON_CALL).body("{\"email\": ").put("/staff/{id}/contact", nurse).then().statusCode(400);
        as(nurse, Roles.ON_CALL).put("/staff/{id}/contact", nurse).then().statusCode(400);
        as("admin-1", Roles.ADMIN).get("/staff/{id}/contact", "has spaces").then().statusCode(400);

        as("admin-1", Roles.ADMIN).get("/staff/{id}/contact", nurse).then().statusCode(200)
                .body("email", equalTo("nurse@clinic.example")).body("phone", nullValue());
    }
}
