package care.ketamine.session.device;

import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.intake.MonitoringThresholds;
import care.ketamine.contracts.intake.TreatmentPlanApproved;
import care.ketamine.contracts.security.Roles;
import care.ketamine.contracts.sessions.SessionChanged;
import care.ketamine.contracts.vitals.DeviceKinds;
import care.ketamine.contracts.EventEnvelope;
import care.ketamine.session.lifecycle.SessionRecord;
import care.ketamine.session.plan.PatientPlan;
import care.ketamine.testsupport.ClinicianHours;
import care.ketamine.testsupport.DevTokens;
import care.ketamine.testsupport.RealInfrastructure;
import care.ketamine.testsupport.SettableClock;
import care.ketamine.testsupport.TopicProbe;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

/** A phone paired by the code (and QR code) the console shows: once, for 10 minutes, the newest code only. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class PhonePairingTest {

    private String clinicianId;
    private String sessionId;

    @BeforeEach
    void aBookedDosingSession() {
        clinicianId = "dr-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(DevTokens.forRole(Roles.ADMIN)).contentType(ContentType.JSON).body(ClinicianHours.availableAllDay(clinicianId, "Dr Pairing"))
                .post("/clinicians").then().statusCode(201);
        String patientId = approvedPatient();
        String prep = schedule(patientId, "PREPARATION", Duration.ofHours(1));
        QuarkusTransaction.requiringNew().run(() -> SessionRecord.<SessionRecord>findById(UUID.fromString(prep)).state = "COMPLETED");
        sessionId = schedule(patientId, "DOSING", Duration.ofHours(3));
    }

    @AfterEach
    void forgetTheAttempts() {
        SettableClock.reset();
        // The tests share one address (127.0.0.1): the lockout must not reach the next test.
        QuarkusTransaction.requiringNew().run(() -> Panache.getEntityManager()
                .createNativeQuery("DELETE FROM pairing_attempt").executeUpdate());
    }

    @Test
    void shouldPairThePatientsPhoneOnceWithTheCodeItsQrCodeHolds() throws Exception {
        JsonPath offered = offer(clinicianId, Roles.CLINICIAN, "{\"role\": \"patient-device\"}").statusCode(201)
                .header("Cache-Control", "no-store").extract().jsonPath();

        String code = offered.getString("code");
        assertThat(code).matches("[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}");
        assertThat(offered.getString("label")).isEqualTo("Patient's phone");
        assertThat(Instant.parse(offered.getString("expiresAt")))
                .isBetween(SettableClock.now().plus(Duration.ofMinutes(9)), SettableClock.now().plus(Duration.ofMinutes(11)));
        String pairUrl = offered.getString("pairUrl");
        assertThat(pairUrl).endsWith("/app/#pair=" + code.replace("-", ""));
        assertThat(readQr(offered.getString("qrSvg"))).isEqualTo(pairUrl);
        // Only the code's SHA-256 is kept.
        String digest = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(code.replace("-", "").getBytes(StandardCharsets.US_ASCII)));
        assertThat(count("SELECT count(*) FROM pairing_offer WHERE session_id = ?1 AND code_digest = ?2",
                UUID.fromString(sessionId), digest)).isEqualTo(1);

        JsonPath pairing = redeem(code.toLowerCase()).statusCode(201).header("Cache-Control", "no-store")
                .body("sessionId", equalTo(sessionId)).body("role", equalTo(Roles.PATIENT_DEVICE))
                .body("kind", equalTo(DeviceKinds.PATIENT_PHONE)).body("label", equalTo("Patient's phone"))
                .extract().jsonPath();
        JsonPath claims = JsonPath.from(new String(Base64.getUrlDecoder().decode(pairing.getString("token").split("\\.")[1]),
                StandardCharsets.UTF_8));
        assertThat(claims.getString("session_id")).isEqualTo(sessionId);
        assertThat(claims.getString("device_kind")).isEqualTo(DeviceKinds.PATIENT_PHONE);
        assertThat(claims.getList("groups")).containsExactly(Roles.PATIENT_DEVICE);
        SessionChanged paired = EventJson.read(TopicProbe.awaitRecords(Topics.SESSIONS_LIFECYCLE, r -> sessionId.equals(r.key())
                        && r.value().contains("DEVICE_PAIRED") && r.value().contains(pairing.getString("deviceId")),
                Duration.ofSeconds(15)).get(0).value(), SessionChanged.TYPE).payload();
        assertThat(paired.device().kind()).isEqualTo(DeviceKinds.PATIENT_PHONE);
        assertThat(paired.actor()).isEqualTo(clinicianId);

        // Once only: the same code again, as typed or as scanned, pairs nothing more.
        redeem(code).statusCode(404).contentType("application/problem+json").body("detail", containsString("works once"));
        assertThat(count("SELECT count(*) FROM paired_device WHERE session_id = ?1", UUID.fromString(sessionId))).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM pairing_attempt WHERE outcome = 'PAIRED'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM pairing_attempt WHERE outcome = 'WRONG_CODE'")).isEqualTo(1);
    }

    @Test
    void shouldWithdrawTheOlderCodeOfTheSameRoleOnly() {
        String first = offer(clinicianId, Roles.CLINICIAN, "{\"role\": \"patient-device\"}").statusCode(201).extract().path("code");
        String sitter = offer(clinicianId, Roles.CLINICIAN, "{\"role\": \"sitter\", \"label\": \"Sam's phone\"}").statusCode(201)
                .extract().path("code");
        String second = offer("admin-1", Roles.ADMIN, "{\"role\": \"patient-device\"}").statusCode(201).extract().path("code");

        redeem(first).statusCode(404);
        redeem(second).statusCode(201).body("kind", equalTo(DeviceKinds.PATIENT_PHONE));
        redeem(sitter).statusCode(201).body("role", equalTo(Roles.SITTER)).body("kind", equalTo(DeviceKinds.SITTER_PHONE))
                .body("label", equalTo("Sam's phone"));
    }

    @Test
    void shouldRefuseACodeAfterTenMinutes() {
        String code = offer(clinicianId, Roles.CLINICIAN, "{\"role\": \"sitter\"}").statusCode(201).extract().path("code");

        SettableClock.advance(OfferPhonePairing.VALID_FOR);

        redeem(code).statusCode(404).contentType("application/problem+json");
        assertThat(count("SELECT count(*) FROM paired_device WHERE session_id = ?1", UUID.fromString(sessionId))).isZero();
    }

    @Test
    void shouldRefuseAPairingOnceTheSessionHasEnded() {
        String code = offer(clinicianId, Roles.CLINICIAN, "{\"role\": \"patient-device\"}").statusCode(201).extract().path("code");
        QuarkusTransaction.requiringNew().run(() -> SessionRecord.<SessionRecord>findById(UUID.fromString(sessionId)).state = "CANCELLED");

        // The same answer as a wrong code: nothing tells a phone which codes exist.
        redeem(code).statusCode(404).contentType("application/problem+json").body("detail", containsString("works once"));
        offer(clinicianId, Roles.CLINICIAN, "{\"role\": \"patient-device\"}").statusCode(409);
        assertThat(count("SELECT count(*) FROM paired_device WHERE session_id = ?1", UUID.fromString(sessionId))).isZero();
    }

    @Test
    void shouldLetOnlyTheSessionsClinicianOrAnAdminShowACode() {
        given().contentType(ContentType.JSON).header("X-Console-Request", "1").body("{\"role\": \"sitter\"}")
                .post("/console/api/sessions/{id}/pairing-codes", sessionId).then().statusCode(401);
        offer("dr-someone-else", Roles.CLINICIAN, "{\"role\": \"sitter\"}").statusCode(403);
        offer("on-call-1", Roles.ON_CALL, "{\"role\": \"sitter\"}").statusCode(403);
        offer("scheduler-1", Roles.SCHEDULER, "{\"role\": \"sitter\"}").statusCode(403);
        given().auth().oauth2(DevTokens.forSession(Roles.PATIENT_DEVICE, sessionId)).contentType(ContentType.JSON)
                .header("X-Console-Request", "1").body("{\"role\": \"sitter\"}")
                .post("/console/api/sessions/{id}/pairing-codes", sessionId).then().statusCode(401);
        assertThat(count("SELECT count(*) FROM pairing_offer WHERE session_id = ?1", UUID.fromString(sessionId))).isZero();
    }

    @Test
    void shouldRefuseABadRequestForACodeWithAClearProblem() {
        offer(clinicianId, Roles.CLINICIAN, "{\"role\": \"clinician\"}").statusCode(400).contentType("application/problem+json")
                .body("violations.field", hasItem("role"));
        offer(clinicianId, Roles.CLINICIAN, "{}").statusCode(400).body("violations.field", hasItem("role"));
        offer(clinicianId, Roles.CLINICIAN, "{\"role\": \"sitter\", \"label\": \"" + "x".repeat(201) + "\"}").statusCode(400)
                .body("violations.field", hasItem("label"));
        offer(clinicianId, Roles.CLINICIAN, "{\"role\": ").statusCode(400).contentType("application/problem+json");
        console(clinicianId, Roles.CLINICIAN).body("{\"role\": \"sitter\"}")
                .post("/console/api/sessions/{id}/pairing-codes", UUID.randomUUID()).then().statusCode(404);
        console(clinicianId, Roles.CLINICIAN).body("{\"role\": \"sitter\"}")
                .post("/console/api/sessions/{id}/pairing-codes", "not-a-session").then().statusCode(404);
        assertThat(count("SELECT count(*) FROM pairing_offer WHERE session_id = ?1", UUID.fromString(sessionId))).isZero();
    }

    @Test
    void shouldRefuseABadRedemptionWithAClearProblemAndPairNothing() {
        given().contentType(ContentType.JSON).body("{}").post("/pairings").then().statusCode(400)
                .contentType("application/problem+json").body("violations.field", hasItem("code"));
        given().contentType(ContentType.JSON).body("{\"code\": \"" + "7".repeat(41) + "\"}").post("/pairings").then()
                .statusCode(400).body("violations.field", hasItem("code"));
        given().contentType(ContentType.JSON).body("{\"code\": ").post("/pairings").then().statusCode(400)
                .contentType("application/problem+json");
        given().contentType(ContentType.TEXT).body("7KQ2M9XD").post("/pairings").then().statusCode(415);
        redeem("not a code").statusCode(404).body("detail", containsString("ask the clinic"));
        assertThat(count("SELECT count(*) FROM paired_device WHERE session_id = ?1", UUID.fromString(sessionId))).isZero();
    }

    @Test
    void shouldStopListeningToAnAddressAfterTenWrongCodes() {
        String code = offer(clinicianId, Roles.CLINICIAN, "{\"role\": \"patient-device\"}").statusCode(201).extract().path("code");
        for (int i = 0; i < RedeemPhonePairing.WRONG_CODES_ALLOWED; i++) {
            redeem("2222-222" + (2 + i % 8)).statusCode(404);
        }

        // Now even the right code is refused from there: guessing must not pay off at the eleventh try.
        redeem(code).statusCode(429).contentType("application/problem+json").header("Retry-After", notNullValue());
        assertThat(count("SELECT count(*) FROM paired_device WHERE session_id = ?1", UUID.fromString(sessionId))).isZero();
        assertThat(count("SELECT count(*) FROM pairing_attempt WHERE outcome = 'LOCKED_OUT'")).isEqualTo(1);

        SettableClock.advance(Duration.ofMinutes(5));
        redeem(code).statusCode(429);
        // 15 minutes after the last wrong code the address may try again (by then this code has expired).
        SettableClock.advance(RedeemPhonePairing.WINDOW.minus(Duration.ofMinutes(5)).plusSeconds(1));
        redeem(code).statusCode(404);
    }

    @Test
    void shouldShowThePairedPhoneItsSessionAndNobodyElse() {
        String patientPhone = redeem(offer(clinicianId, Roles.CLINICIAN, "{\"role\": \"patient-device\"}").statusCode(201)
                .extract().path("code")).statusCode(201).extract().path("token");
        String sitterPhone = redeem(offer(clinicianId, Roles.CLINICIAN, "{\"role\": \"sitter\"}").statusCode(201)
                .extract().path("code")).statusCode(201).extract().path("token");

        given().auth().oauth2(patientPhone).get("/sessions/{id}/devices/session", sessionId).then().statusCode(200)
                .body("sessionId", equalTo(sessionId)).body("state", equalTo("SCHEDULED")).body("type", equalTo("DOSING"))
                .body("role", equalTo(Roles.PATIENT_DEVICE)).body("clinicianName", equalTo("Dr Pairing"))
                .body("sitter.name", equalTo("Sam Rivera")).body("emergencyContact.phone", equalTo("+1 415 555 0101"))
                .body("checkInMissedAfterMillis", equalTo(300_000));
        given().auth().oauth2(sitterPhone).get("/sessions/{id}/devices/session", sessionId).then().statusCode(200)
                .body("role", equalTo(Roles.SITTER));

        given().get("/sessions/{id}/devices/session", sessionId).then().statusCode(401);
        String monitor = given().auth().oauth2(DevTokens.sign(clinicianId, Roles.CLINICIAN, null, Duration.ofHours(1)))
                .contentType(ContentType.JSON).body("{\"role\": \"patient-device\", \"label\": \"monitor\"}")
                .post("/sessions/{id}/devices", sessionId).then().statusCode(201).extract().path("token");
        given().auth().oauth2(monitor).get("/sessions/{id}/devices/session", sessionId).then().statusCode(403);
        given().auth().oauth2(DevTokens.sign(clinicianId, Roles.CLINICIAN, null, Duration.ofHours(1)))
                .get("/sessions/{id}/devices/session", sessionId).then().statusCode(401);
        given().auth().oauth2(patientPhone).get("/sessions/{id}/devices/session", UUID.randomUUID()).then().statusCode(403);
        // A phone replaced by a newer one stops reading at once.
        redeem(offer(clinicianId, Roles.CLINICIAN, "{\"role\": \"patient-device\"}").statusCode(201).extract().path("code"))
                .statusCode(201);
        given().auth().oauth2(patientPhone).get("/sessions/{id}/devices/session", sessionId).then().statusCode(403);
    }

    @Test
    void shouldServeTheAppWithItsProtectionsAndWhereVitalsIs() {
        given().get("/app/").then().statusCode(200).contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("connect-src 'self' http://vitals.test:8083"))
                .header("X-Frame-Options", "DENY").header("Referrer-Policy", "no-referrer")
                .body(containsString("I need help"));
        given().get("/app/manifest.webmanifest").then().statusCode(200).body(containsString("\"start_url\": \"/app/\""));
        // The static files too, and never cached past a release: a fix reaches phones at once.
        for (String file : List.of("/app/app.js", "/app/outbox.mjs", "/app/sw.js")) {
            given().get(file).then().statusCode(200).contentType(containsString("javascript"))
                    .header("Cache-Control", "no-cache").header("Content-Security-Policy", containsString("default-src 'self'"))
                    .header("X-Content-Type-Options", "nosniff");
        }
        given().get("/app/config").then().statusCode(200).body("vitalsUrl", equalTo("http://vitals.test:8083"));
    }

    private static RequestSpecification console(String subject, String role) {
        return given().cookie("console_token", DevTokens.forConsole(subject, role)).header("X-Console-Request", "1")
                .contentType(ContentType.JSON);
    }

    private io.restassured.response.ValidatableResponse offer(String subject, String role, String body) {
        return console(subject, role).body(body).post("/console/api/sessions/{id}/pairing-codes", sessionId).then();
    }

    private static io.restassured.response.ValidatableResponse redeem(String code) {
        return given().contentType(ContentType.JSON).body("{\"code\": \"" + code + "\"}").post("/pairings").then();
    }

    /** What a phone camera reads: the SVG's squares drawn onto pixels and decoded by ZXing's QR reader. */
    private static String readQr(String svg) throws Exception {
        Matcher box = java.util.regex.Pattern.compile("viewBox=\"0 0 (\\d+) (\\d+)\"").matcher(svg);
        assertThat(box.find()).isTrue();
        int modules = Integer.parseInt(box.group(1));
        int scale = 4;
        int size = modules * scale;
        int[] pixels = new int[size * size];
        Arrays.fill(pixels, 0xFFFFFFFF);
        Matcher square = java.util.regex.Pattern.compile("M(\\d+) (\\d+)h1v1h-1z").matcher(svg);
        while (square.find()) {
            int x = Integer.parseInt(square.group(1)), y = Integer.parseInt(square.group(2));
            for (int dy = 0; dy < scale; dy++) {
                Arrays.fill(pixels, (y * scale + dy) * size + x * scale, (y * scale + dy) * size + x * scale + scale, 0xFF000000);
            }
        }
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(size, size, pixels))))
                .getText();
    }

    private static long count(String sql, Object... parameters) {
        return QuarkusTransaction.requiringNew().call(() -> {
            var query = Panache.getEntityManager().createNativeQuery(sql);
            for (int i = 0; i < parameters.length; i++) {
                query.setParameter(i + 1, parameters[i]);
            }
            return ((Number) query.getSingleResult()).longValue();
        });
    }

    private static String approvedPatient() {
        String patientId = UUID.randomUUID().toString();
        TreatmentPlanApproved plan = new TreatmentPlanApproved(patientId, UUID.randomUUID().toString(), null, "CA",
                "America/Los_Angeles", 6, 3, 300, new MonitoringThresholds(160, 90, 100, 160, 100, 40, 25, 120, 50, 92, 90),
                124, 80, new TreatmentPlanApproved.Person("Sam Rivera", "+1 415 555 0188", "spouse"),
                new TreatmentPlanApproved.Person("Jo Rivera", "+1 415 555 0101", "sister"), "dr-intake", Instant.now(),
                List.of(), null);
        TopicProbe.send(Topics.INTAKE_PATIENTS, patientId,
                EventJson.write(EventEnvelope.wrap(TreatmentPlanApproved.TYPE, patientId, plan, Clock.systemUTC())));
        await().atMost(Duration.ofSeconds(10)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> PatientPlan.findById(UUID.fromString(patientId))) != null);
        return patientId;
    }

    private String schedule(String patientId, String type, Duration fromNow) {
        return given().auth().oauth2(DevTokens.forRole(Roles.SCHEDULER)).contentType(ContentType.JSON).body("""
                        {"patientId": "%s", "clinicianId": "%s", "type": "%s", "start": "%s"}"""
                .formatted(patientId, clinicianId, type, SettableClock.now().plus(fromNow).truncatedTo(ChronoUnit.SECONDS)))
                .post("/sessions").then().statusCode(201).extract().path("id");
    }
}
