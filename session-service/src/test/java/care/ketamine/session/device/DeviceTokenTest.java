package care.ketamine.session.device;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.intake.MonitoringThresholds;
import care.ketamine.contracts.intake.TreatmentPlanApproved;
import care.ketamine.contracts.security.Audiences;
import care.ketamine.contracts.security.Roles;
import care.ketamine.session.plan.PatientPlan;
import care.ketamine.testsupport.ClinicianHours;
import care.ketamine.testsupport.DevTokens;
import care.ketamine.testsupport.RealInfrastructure;
import care.ketamine.testsupport.SettableClock;
import care.ketamine.testsupport.TopicProbe;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * Device tokens live for the session: from pairing until a margin after the session's scheduled end,
 * renewed by the device itself while the session has not ended (POST /sessions/{id}/devices/token).
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class DeviceTokenTest {

    private static final Duration MARGIN = Duration.ofHours(2);

    private String clinicianId;
    private String patientId;

    private static RequestSpecification as(String role) {
        return given().auth().oauth2(DevTokens.forRole(role)).contentType(ContentType.JSON);
    }

    private RequestSpecification asClinician() {
        return given().auth().oauth2(DevTokens.sign(clinicianId, Roles.CLINICIAN, null, Duration.ofHours(1)))
                .contentType(ContentType.JSON);
    }

    private static RequestSpecification withToken(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    /** A CA clinician available around the clock, and a CA patient whose plan intake approved. */
    @BeforeEach
    void clinicianAndApprovedPatient() {
        clinicianId = "dr-" + UUID.randomUUID().toString().substring(0, 8);
        as(Roles.ADMIN).body(ClinicianHours.availableAllDay(clinicianId, "Dr Test"))
                .post("/clinicians").then().statusCode(201);
        patientId = UUID.randomUUID().toString();
        TreatmentPlanApproved plan = new TreatmentPlanApproved(patientId, UUID.randomUUID().toString(), null, "CA",
                "America/Los_Angeles", 6, 3, 300, new MonitoringThresholds(160, 90, 100, 160, 100, 40, 25, 120, 50, 92, 90),
                124, 80, new TreatmentPlanApproved.Person("Sam Rivera", "+1 415 555 0188", "spouse"),
                new TreatmentPlanApproved.Person("Jo Rivera", "+1 415 555 0101", "sister"), "dr-intake", Instant.now(),
                List.of(), null);
        TopicProbe.send(Topics.INTAKE_PATIENTS, patientId,
                EventJson.write(EventEnvelope.wrap(TreatmentPlanApproved.TYPE, patientId, plan, Clock.systemUTC())));
        await().atMost(Duration.ofSeconds(10)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> PatientPlan.findById(UUID.fromString(patientId))) != null);
    }

    /** A PREPARATION session (60 minutes) starting this long from now on the service's clock. */
    private String book(Duration fromNow) {
        return as(Roles.SCHEDULER).body("""
                        {"patientId": "%s", "clinicianId": "%s", "type": "PREPARATION", "start": "%s"}"""
                        .formatted(patientId, clinicianId, SettableClock.now().plus(fromNow).truncatedTo(ChronoUnit.SECONDS)))
                .post("/sessions").then().statusCode(201).extract().path("id");
    }

    private JsonPath pair(String sessionId, String role) {
        return asClinician().body("{\"role\": \"" + role + "\", \"label\": \"" + role + " of the test\"}")
                .post("/sessions/{id}/devices", sessionId).then().statusCode(201).extract().jsonPath();
    }

    private static JsonPath claims(String token) {
        return JsonPath.from(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
    }

    private static Instant expiry(String token) {
        return Instant.ofEpochSecond(claims(token).getLong("exp"));
    }

    private static Instant endsAt(String sessionId) {
        return Instant.parse(as(Roles.ADMIN).get("/sessions/{id}", sessionId).then().statusCode(200).extract().path("end"));
    }

    @Test
    void shouldKeepTheDevicesOfASessionThatStartsFiveHoursAfterPairingAndRunsLate() {
        String session = book(Duration.ofHours(5));
        Instant end = endsAt(session);
        JsonPath cuff = pair(session, Roles.PATIENT_DEVICE);
        JsonPath phone = pair(session, Roles.SITTER);
        String token = cuff.getString("token");
        assertThat(expiry(token)).as("a margin after the scheduled end, not a fixed time after pairing")
                .isEqualTo(end.plus(MARGIN)).isEqualTo(Instant.parse(cuff.getString("expiresAt")));
        assertThat(claims(token).getList("aud", String.class)).containsExactlyInAnyOrder(Audiences.VITALS, Audiences.SESSION_DEVICE);
        assertThat(DeviceCaller.presentsDeviceToken("Bearer " + token)).isTrue();
        assertThat(DeviceCaller.presentsDeviceToken("Bearer " + DevTokens.forRole(Roles.CLINICIAN))).isFalse();
        assertThat(DeviceCaller.presentsDeviceToken("Bearer not.a.token")).isFalse();
        assertThat(DeviceCaller.presentsDeviceToken(null)).isFalse();

        SettableClock.advance(Duration.ofHours(5)); // the session starts
        assertThat(expiry(token)).isAfter(SettableClock.now().plus(Duration.ofHours(2)));
        JsonPath renewed = withToken(token).post("/sessions/{id}/devices/token", session).then().statusCode(200)
                .body("deviceId", equalTo(cuff.getString("deviceId"))).body("role", equalTo(Roles.PATIENT_DEVICE))
                .extract().jsonPath();
        String second = renewed.getString("token");
        assertThat(second).isNotEqualTo(token);
        assertThat(claims(second).getString("device_id")).isEqualTo(cuff.getString("deviceId"));
        assertThat(claims(second).getString(Roles.SESSION_CLAIM)).isEqualTo(session);
        assertThat(expiry(second)).isEqualTo(end.plus(MARGIN));
        withToken(phone.getString("token")).post("/sessions/{id}/devices/token", session).then().statusCode(200)
                .body("deviceId", equalTo(phone.getString("deviceId"))).body("role", equalTo(Roles.SITTER));

        // The session runs past its scheduled end: a renewal just before the token expires lasts a margin from now.
        SettableClock.advance(Duration.between(SettableClock.now(), end.plus(MARGIN).minus(Duration.ofMinutes(1))));
        String third = withToken(second).post("/sessions/{id}/devices/token", session).then().statusCode(200)
                .extract().path("token");
        assertThat(expiry(third)).isAfter(end.plus(MARGIN)).isBetween(SettableClock.now().plus(MARGIN).minusSeconds(5),
                SettableClock.now().plus(MARGIN).plusSeconds(5));
        assertThat(QuarkusTransaction.requiringNew().call(() -> PairedDevice.<PairedDevice>findById(
                UUID.fromString(cuff.getString("deviceId"))).expiresAt.truncatedTo(ChronoUnit.SECONDS))).isEqualTo(expiry(third));

        // A token past its expiry on the service's clock renews nothing: the device is paired again.
        SettableClock.advance(Duration.ofMinutes(2));
        withToken(second).post("/sessions/{id}/devices/token", session).then().statusCode(401)
                .contentType("application/problem+json").body("detail", containsString("expired"));
        withToken(third).post("/sessions/{id}/devices/token", session).then().statusCode(200);
    }

    @Test
    void shouldRefuseRenewalToRevokedDevicesEndedSessionsOtherSessionsTokensAndStaff() {
        String session = book(Duration.ofHours(1));
        String other = book(Duration.ofHours(3));
        JsonPath cuff = pair(session, Roles.PATIENT_DEVICE);
        String sitter = pair(session, Roles.SITTER).getString("token");
        String otherCuff = pair(other, Roles.PATIENT_DEVICE).getString("token");

        withToken(otherCuff).post("/sessions/{id}/devices/token", session).then().statusCode(403)
                .contentType("application/problem+json").body("detail", containsString("another session"));
        for (String staff : List.of(DevTokens.forRole(Roles.ADMIN), DevTokens.sign(clinicianId, Roles.CLINICIAN, null, Duration.ofHours(1)),
                DevTokens.forConsole(clinicianId, Roles.CLINICIAN),
                // Signed with the development key but not by session-service's pairing: no device key id.
                DevTokens.forDevice(Roles.PATIENT_DEVICE, session, cuff.getString("deviceId")))) {
            withToken(staff).post("/sessions/{id}/devices/token", session).then().statusCode(401)
                    .contentType("application/problem+json");
        }
        given().post("/sessions/{id}/devices/token", session).then().statusCode(401);
        withToken("not.a.token").post("/sessions/{id}/devices/token", session).then().statusCode(401);

        // Device tokens are for the device endpoints only: everywhere else in session-service they are refused.
        withToken(sitter).get("/sessions/{id}", session).then().statusCode(401);
        withToken(sitter).body("{\"role\": \"sitter\", \"label\": \"another phone\"}")
                .post("/sessions/{id}/devices", session).then().statusCode(401);
        withToken(sitter).body("{\"reason\": \"device tries\"}").post("/sessions/{id}/cancel", session).then().statusCode(401);
        withToken(sitter).get("/availability").then().statusCode(401);

        asClinician().delete("/sessions/{id}/devices/{device}", session, cuff.getString("deviceId")).then().statusCode(204);
        withToken(cuff.getString("token")).post("/sessions/{id}/devices/token", session).then().statusCode(403)
                .body("detail", containsString("revoked"));
        withToken(sitter).post("/sessions/{id}/devices/token", session).then().statusCode(200);

        Instant sitterExpiry = expiry(sitter);
        as(Roles.SCHEDULER).body("{\"reason\": \"patient ill\"}").post("/sessions/{id}/cancel", session).then().statusCode(200);
        String sitterDevice = claims(sitter).getString("device_id");
        Instant before = QuarkusTransaction.requiringNew().call(() -> PairedDevice.<PairedDevice>findById(UUID.fromString(sitterDevice)).expiresAt);
        withToken(sitter).post("/sessions/{id}/devices/token", session).then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("ended"));
        assertThat(QuarkusTransaction.requiringNew().call(() -> PairedDevice.<PairedDevice>findById(UUID.fromString(sitterDevice)).expiresAt))
                .as("a refused renewal changes nothing").isEqualTo(before);
        assertThat(sitterExpiry).isAfter(SettableClock.now());
    }
}
