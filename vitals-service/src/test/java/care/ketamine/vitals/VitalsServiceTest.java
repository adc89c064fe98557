package care.ketamine.vitals;

import care.ketamine.contracts.security.Roles;
import care.ketamine.testsupport.DevTokens;
import care.ketamine.testsupport.RealInfrastructure;
import care.ketamine.testsupport.ServicePlatformContract;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class VitalsServiceTest extends ServicePlatformContract {

    @Override
    protected String documentedPath() {
        return "/sessions/{sessionId}/readings";
    }

    @Override
    protected String refusedPath() {
        return "/sessions/00000000-0000-0000-0000-000000000001/observations";
    }

    @Override
    protected String refusedRole() {
        return care.ketamine.contracts.security.Roles.SCHEDULER;
    }

    /** The benchmark's bare endpoint (no screening) is the benchmark's own; the service has no such path. */
    @Test
    void shouldNotServeTheBenchmarksBareEndpoint() {
        String session = SessionFixture.checkedIn();
        given().auth().oauth2(DevTokens.forSession(Roles.PATIENT_DEVICE, session)).contentType(ContentType.JSON)
                .body(SessionFixture.reading("r-bare", 120, 80))
                .when().post("/benchmark/sessions/{id}/readings", session)
                .then().statusCode(404);
        given().when().get("/q/openapi").then().statusCode(200).body(not(containsString("/benchmark/")));
        assertThatThrownBy(() -> Class.forName("care.ketamine.vitals.benchmark.BareIngestResource"))
                .isInstanceOf(ClassNotFoundException.class);
    }
}
