package care.ketamine.vitals.session;

import care.ketamine.contracts.security.Roles;
import care.ketamine.testsupport.DevTokens;
import care.ketamine.testsupport.LifecycleProbe;
import care.ketamine.testsupport.RealInfrastructure;
import care.ketamine.vitals.projection.ReadingHistory;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import static care.ketamine.vitals.SessionFixture.checkedIn;
import static care.ketamine.vitals.SessionFixture.reading;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

/**
 * A device or sitter token must name its device (claim device_id), and a revoked device is refused,
 * for readings, check-ins and prompt reads alike: each endpoint is tried with both kinds of token.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class DeviceTokenTest {

    @Inject
    ReadingHistory history;

    /** Every device endpoint, as a device of the given role would call it with the token given. */
    private static Map<String, Function<String, Response>> endpoints(String session) {
        Map<String, Function<String, Response>> calls = new LinkedHashMap<>();
        calls.put("reading", token -> as(token).body(reading("r-" + UUID.randomUUID(), 120, 80))
                .post("/sessions/{id}/readings", session));
        calls.put("batch", token -> as(token).body("{\"readings\": [" + reading("b-" + UUID.randomUUID(), 121, 80) + "]}")
                .post("/sessions/{id}/readings/batch", session));
        calls.put("patient check-in", token -> as(token).body(patientCheckIn())
                .post("/sessions/{id}/check-ins/patient", session));
        calls.put("patient prompts", token -> as(token).get("/sessions/{id}/prompts", session));
        return calls;
    }

    private static Map<String, Function<String, Response>> sitterEndpoints(String session) {
        Map<String, Function<String, Response>> calls = new LinkedHashMap<>();
        calls.put("sitter check-in", token -> as(token).body(sitterCheckIn())
                .post("/sessions/{id}/check-ins/sitter", session));
        calls.put("sitter prompts", token -> as(token).get("/sessions/{id}/prompts", session));
        return calls;
    }

    @Test
    void shouldRefuseADeviceOrSitterTokenThatNamesNoDeviceEverywhere() {
        String session = checkedIn();
        String noDevice = DevTokens.sign("device-x", Roles.PATIENT_DEVICE, session, Duration.ofHours(1));
        String sitterNoDevice = DevTokens.sign("sitter-x", Roles.SITTER, session, Duration.ofHours(1));

        endpoints(session).forEach((name, call) -> refused(name, call.apply(noDevice), "names no paired device"));
        sitterEndpoints(session).forEach((name, call) -> refused(name, call.apply(sitterNoDevice), "names no paired device"));
        assertThat(history.countForSession(session)).isZero();
    }

    @Test
    void shouldRefuseARevokedDeviceForReadingsCheckInsAndPrompts() {
        String session = checkedIn();
        String device = UUID.randomUUID().toString();
        String sitterPhone = UUID.randomUUID().toString();
        String token = DevTokens.forDevice(Roles.PATIENT_DEVICE, session, device);
        String sitterToken = DevTokens.forDevice(Roles.SITTER, session, sitterPhone);
        // Before revocation each endpoint lets them in (the prompt reads are 200, the posts 200/202).
        endpoints(session).forEach((name, call) -> assertThat(call.apply(token).statusCode()).as(name).isBetween(200, 202));
        assertThat(sitterEndpoints(session).get("sitter prompts").apply(sitterToken).statusCode()).isEqualTo(200);

        LifecycleProbe.deviceRevoked(session, device, Instant.now());
        LifecycleProbe.deviceRevoked(session, sitterPhone, Instant.now());
        await().atMost(Duration.ofSeconds(10)).until(() -> QuarkusTransaction.requiringNew().call(
                () -> RevokedDevice.findById(device) != null && RevokedDevice.findById(sitterPhone) != null));
        long stored = history.countForSession(session);

        endpoints(session).forEach((name, call) -> refused(name, call.apply(token), "revoked"));
        sitterEndpoints(session).forEach((name, call) -> refused(name, call.apply(sitterToken), "revoked"));
        // Another device of the same session is still let in.
        assertThat(endpoints(session).get("patient prompts")
                .apply(DevTokens.forDevice(Roles.PATIENT_DEVICE, session, UUID.randomUUID().toString())).statusCode()).isEqualTo(200);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> history.countForSession(session) == stored);
    }

    private static void refused(String endpoint, Response answer, String why) {
        assertThat(answer.statusCode()).as(endpoint + ": " + answer.asString()).isIn(401, 403);
        answer.then().contentType("application/problem+json").body("detail", containsString(why));
    }

    private static io.restassured.specification.RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    private static String patientCheckIn() {
        return """
                {"checkInId": "%s", "promptId": null, "unreality": 2, "bodyDisconnection": 1, "timeDistortion": 3,
                 "nausea": 4, "anxiety": 2, "feelsOk": true, "answeredAt": "%s"}"""
                .formatted(UUID.randomUUID(), Instant.now().minusSeconds(5));
    }

    private static String sitterCheckIn() {
        return """
                {"checkInId": "%s", "promptId": null, "moaas": 5, "sitterPresent": true, "answeredAt": "%s"}"""
                .formatted(UUID.randomUUID(), Instant.now().minusSeconds(5));
    }
}
