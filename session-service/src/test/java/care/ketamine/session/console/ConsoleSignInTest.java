package care.ketamine.session.console;

import care.ketamine.contracts.security.Roles;
import care.ketamine.testsupport.DevTokens;
import care.ketamine.testsupport.RealInfrastructure;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class ConsoleSignInTest {

    @Inject
    EntityManager entityManager;

    private static Response signIn(String user, String password) {
        return given().redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParam("username", user).formParam("password", password).post("/console/login");
    }

    @Test
    void shouldSignInDemoStaffWithAnHttpOnlyStrictCookieAndRefuseWrongPasswords() {
        Response signedIn = signIn("dr.console", "test-password");
        assertThat(signedIn.statusCode()).isEqualTo(303);
        assertThat(signedIn.header("Location")).endsWith("/console");
        assertThat(signedIn.header("Set-Cookie")).contains("console_token=").contains("HttpOnly").containsIgnoringCase("SameSite=Strict");
        String cookie = signedIn.cookie("console_token");

        given().cookie("console_token", cookie).get("/console/api/me").then().statusCode(200)
                .body("id", equalTo("dr.console")).body("role", equalTo("clinician")).body("name", equalTo("Dr Console"));
        // The front page is the central station; today's list has a page of its own, linked from every page.
        given().cookie("console_token", cookie).redirects().follow(false).get("/console").then().statusCode(200)
                .body(containsString("data-page=\"station\"")).body(containsString("<a href=\"/console/today\">Today</a>"));
        given().cookie("console_token", cookie).redirects().follow(false).get("/console/today").then().statusCode(200)
                .body(containsString("Today's sessions"));
        given().redirects().follow(false).get("/console/today").then().statusCode(303)
                .header("Location", containsString("/console/login"));

        signIn("dr.console", "wrong").then().statusCode(401).body(containsString("Unknown user or wrong password"));
        signIn("nobody", "test-password").then().statusCode(401);
        signIn("", "").then().statusCode(401);
    }

    @Test
    void shouldSendTheSignedOutToSignInAndRefuseOthersSessionsAndActions() {
        given().redirects().follow(false).get("/console").then().statusCode(303)
                .header("Location", containsString("/console/login"));
        given().redirects().follow(false).cookie("console_token", "forged.token.value").get("/console/sessions/x")
                .then().statusCode(303);
        given().get("/console/api/today").then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(DevTokens.forSession(Roles.PATIENT_DEVICE, "s-1")).get("/console/api/today").then().statusCode(401);
        given().auth().oauth2(DevTokens.forConsole("s-1", Roles.PATIENT_DEVICE)).get("/console/api/today").then().statusCode(403);

        String cookie = signIn("dr.console", "test-password").cookie("console_token");
        given().cookie("console_token", cookie).get("/console/api/sessions/{id}", UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
        given().cookie("console_token", cookie).get("/console/api/sessions/not-an-id").then().statusCode(404);
        given().cookie("console_token", cookie).header("X-Console-Request", "1").contentType("application/json").body("{}")
                .post("/console/api/alerts/{id}/resolve", UUID.randomUUID()).then().statusCode(400)
                .body("violations[0].field", equalTo("comment"));
        given().cookie("console_token", cookie).header("X-Console-Request", "1").contentType("application/json").body("{\"comment\": \"x\"}")
                .post("/console/api/alerts/{id}/silence", UUID.randomUUID()).then().statusCode(400)
                .contentType("application/problem+json").body("violations.field", equalTo(java.util.List.of("action")))
                .body("violations[0].rule", equalTo("must be acknowledge or resolve"));
        given().cookie("console_token", cookie).header("X-Console-Request", "1").contentType("application/json").body("{}")
                .post("/console/api/alerts/{id}/acknowledge", UUID.randomUUID()).then().statusCode(404);
        given().cookie("console_token", cookie).header("Last-Event-ID", "yesterday")
                .get("/console/api/sessions/{id}/stream", UUID.randomUUID()).then().statusCode(400);

        // Reading the alerts panel is a read of patient data: audited.
        given().cookie("console_token", DevTokens.forConsole("nurse.console", Roles.ON_CALL))
                .get("/console/api/alerts").then().statusCode(200);
        long audited = QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                        "SELECT count(*) FROM read_audit WHERE actor = 'nurse.console' AND action = 'console.alerts.list'")
                .getSingleResult()).longValue());
        assertThat(audited).isPositive();
    }
}
