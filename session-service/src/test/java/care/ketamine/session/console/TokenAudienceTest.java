package care.ketamine.session.console;

import care.ketamine.contracts.security.Audiences;
import care.ketamine.contracts.security.Roles;
import care.ketamine.testsupport.DevTokens;
import care.ketamine.testsupport.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

/** A token works only where its audience says: the console's cookie at the console, API tokens at the API. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class TokenAudienceTest {

    /** A session that does not exist: 404 once the token is accepted, 401 before. */
    private static final String SOME_SESSION = "/sessions/" + UUID.randomUUID();

    @Test
    void shouldRefuseTheConsoleCookieTokenOutsideTheConsole() {
        String console = DevTokens.forConsole("admin.console", Roles.ADMIN);

        given().cookie("console_token", console).get("/console/api/me").then().statusCode(200);
        given().auth().oauth2(console).get(SOME_SESSION).then().statusCode(401)
                .contentType("application/problem+json").body("detail", containsString("session-service's API"));
        given().cookie("console_token", console).get(SOME_SESSION).then().statusCode(401);
    }

    @Test
    void shouldRefuseAnApiTokenAtTheConsole() {
        String api = DevTokens.forRole(Roles.ADMIN);

        given().auth().oauth2(api).get(SOME_SESSION).then().statusCode(404);
        given().auth().oauth2(api).get("/console/api/me").then().statusCode(401)
                .body("detail", containsString("sign in to the console"));
        given().cookie("console_token", api).redirects().follow(false).get("/console").then().statusCode(303);
    }

    @Test
    void shouldRefuseTokensForOtherServicesOrNone() {
        given().auth().oauth2(DevTokens.forAudiences("admin-x", Roles.ADMIN, null, List.of(Audiences.ALERTING)))
                .get(SOME_SESSION).then().statusCode(401);
        given().auth().oauth2(DevTokens.forAudiences("admin-x", Roles.ADMIN, null, List.of()))
                .get(SOME_SESSION).then().statusCode(401);
        given().auth().oauth2(DevTokens.forSession(Roles.PATIENT_DEVICE, "s-1")).get(SOME_SESSION).then().statusCode(401);
    }
}
