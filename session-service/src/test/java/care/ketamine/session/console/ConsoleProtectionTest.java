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

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.nullValue;

/** The console's defences: browser headers, CSRF, sign-in lockout and audit, sign-out and deactivation. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class ConsoleProtectionTest {

    @Inject
    EntityManager entityManager;

    private static Response signIn(String user, String password, String address) {
        return given().redirects().follow(false).header("X-Forwarded-For", address)
                .contentType("application/x-www-form-urlencoded")
                .formParam("username", user).formParam("password", password).post("/console/login");
    }

    private static String address() {
        return "10.1." + (int) (Math.random() * 250) + "." + (int) (Math.random() * 250 + 1);
    }

    @Test
    void shouldSendBrowserSecurityHeadersAndHstsOnlyOverTls() {
        for (String path : List.of("/console/login", "/console/api/me", "/console", "/console-assets/console.js")) {
            given().redirects().follow(false).get(path).then()
                    .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                    .header("Content-Security-Policy", containsString("script-src 'self'"))
                    .header("X-Frame-Options", "DENY").header("Referrer-Policy", "same-origin")
                    .header("X-Content-Type-Options", "nosniff").header("Strict-Transport-Security", nullValue());
        }
        given().header("X-Forwarded-Proto", "https").get("/console/login").then()
                .header("Strict-Transport-Security", containsString("max-age="));

        Response overTls = given().redirects().follow(false).header("X-Forwarded-Proto", "https")
                .contentType("application/x-www-form-urlencoded").formParam("username", "dr.console")
                .formParam("password", "test-password").post("/console/login");
        assertThat(overTls.header("Set-Cookie")).contains("Secure");
        assertThat(signIn("dr.console", "test-password", address()).header("Set-Cookie")).doesNotContain("Secure");
    }

    @Test
    void shouldRefuseConsoleRequestsThatDoNotComeFromItsPages() {
        String cookie = signIn("dr.console", "test-password", address()).cookie("console_token");
        String alert = "/console/api/alerts/" + UUID.randomUUID() + "/acknowledge";

        given().cookie("console_token", cookie).contentType("application/json").body("{}").post(alert)
                .then().statusCode(403).contentType("application/problem+json").body("detail", containsString("X-Console-Request"));
        given().cookie("console_token", cookie).header("X-Console-Request", "1").contentType("text/plain").body("{}")
                .post(alert).then().statusCode(403).body("detail", containsString("application/json"));
        given().cookie("console_token", cookie).header("X-Console-Request", "1").header("Origin", "https://evil.example")
                .contentType("application/json").body("{}").post(alert).then().statusCode(403)
                .body("detail", containsString("another site"));
        given().redirects().follow(false).header("Origin", "https://evil.example").contentType("application/x-www-form-urlencoded")
                .formParam("username", "dr.console").formParam("password", "test-password").post("/console/login")
                .then().statusCode(403);
        given().cookie("console_token", cookie).redirects().follow(false).post("/console/logout").then().statusCode(403);
        given().cookie("console_token", cookie).get("/console/api/me").then().statusCode(200);

        // From the console's own page: through to the resource (no such alert).
        given().cookie("console_token", cookie).header("X-Console-Request", "1").contentType("application/json")
                .body("{}").post(alert).then().statusCode(404);
    }

    @Test
    void shouldEndTheTokenAtSignOutAndAuditIt() {
        String from = address();
        String cookie = signIn("dr.console", "test-password", from).cookie("console_token");
        given().cookie("console_token", cookie).get("/console/api/me").then().statusCode(200);

        given().cookie("console_token", cookie).header("X-Console-Request", "1").header("X-Forwarded-For", from)
                .redirects().follow(false).post("/console/logout").then().statusCode(303).header("Set-Cookie", containsString("Max-Age=0"));

        given().cookie("console_token", cookie).get("/console/api/me").then().statusCode(401);
        given().cookie("console_token", cookie).redirects().follow(false).get("/console").then().statusCode(303);
        assertThat(outcomes(from)).containsExactly("SIGNED_IN", "SIGNED_OUT");
    }

    @Test
    void shouldLockOutAUserAtAnAddressAfterFiveFailuresAndAnAddressAfterTwenty() {
        String from = address();
        for (int i = 0; i < 5; i++) {
            signIn("locked.console", "guess-" + i, from).then().statusCode(401);
        }
        Response locked = signIn("locked.console", "test-password", from);
        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(Long.parseLong(locked.header("Retry-After"))).isBetween(800L, 900L);
        assertThat(locked.body().asString()).contains("Too many failed sign-ins");
        assertThat(outcomes(from)).containsExactly("WRONG_PASSWORD", "WRONG_PASSWORD", "WRONG_PASSWORD",
                "WRONG_PASSWORD", "WRONG_PASSWORD", "LOCKED_OUT");
        signIn("dr.console", "test-password", from).then().statusCode(303); // another user from there still may
        // ...and the user from elsewhere: a guesser cannot lock the on-call clinician out of the console.
        signIn("locked.console", "test-password", address()).then().statusCode(303);

        String guesser = address();
        for (int i = 0; i < 20; i++) {
            signIn("user-" + i, "guess", guesser).then().statusCode(401);
        }
        signIn("dr.console", "test-password", guesser).then().statusCode(429);
        signIn("dr.console", "test-password", address()).then().statusCode(303);
        assertThat(outcomes(guesser)).endsWith("LOCKED_OUT").hasSize(21);
    }

    @Test
    void shouldEndADeactivatedCliniciansAccessAtOnce() {
        String id = "dr-" + UUID.randomUUID().toString().substring(0, 8);
        String clinician = """
                {"id": "%s", "displayName": "Dr Leaving", "licenceType": "MD", "licensedStates": ["CA"],
                 "timezone": "America/Los_Angeles", "availability": [{"day": "MONDAY", "from": "09:00", "to": "17:00"}]%s}""";
        String admin = DevTokens.forRole(Roles.ADMIN);
        given().auth().oauth2(admin).contentType("application/json").body(clinician.formatted(id, ""))
                .post("/clinicians").then().statusCode(201);
        String api = DevTokens.sign(id, Roles.CLINICIAN, null, Duration.ofHours(1));
        String console = DevTokens.forConsole(id, Roles.CLINICIAN);
        given().auth().oauth2(api).get("/sessions/{id}", UUID.randomUUID()).then().statusCode(404);
        given().cookie("console_token", console).get("/console/api/me").then().statusCode(200);

        given().auth().oauth2(admin).contentType("application/json").body(clinician.formatted(id, ", \"active\": false"))
                .put("/clinicians/{id}", id).then().statusCode(200);

        given().auth().oauth2(api).get("/sessions/{id}", UUID.randomUUID()).then().statusCode(401);
        given().cookie("console_token", console).get("/console/api/me").then().statusCode(401);
    }

    @SuppressWarnings("unchecked")
    private List<String> outcomes(String address) {
        return QuarkusTransaction.requiringNew().call(() -> (List<String>) entityManager.createNativeQuery(
                "SELECT outcome FROM console_sign_in WHERE address = ?1 ORDER BY id").setParameter(1, address).getResultList());
    }
}
