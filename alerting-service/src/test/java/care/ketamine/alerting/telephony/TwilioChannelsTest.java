package care.ketamine.alerting.telephony;

import care.ketamine.alerting.CrisisProbe;
import care.ketamine.alerting.notificationlog.Notification;
import care.ketamine.alerting.session.WatchedSession;
import care.ketamine.alerting.system.SystemAlerts;
import care.ketamine.contracts.security.Roles;
import care.ketamine.testsupport.DevTokens;
import care.ketamine.testsupport.LifecycleProbe;
import care.ketamine.testsupport.RealInfrastructure;
import care.ketamine.testsupport.SettableClock;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * SMS and voice pages against Twilio's API as documented, played by a receiver on loopback, with Twilio's status
 * callbacks signed as Twilio signs them: a text delivered makes the page delivered and the step's later call is
 * skipped; a text undelivered and a call unanswered fail, and a page that reached nobody raises PAGE_NOT_DELIVERED;
 * a forged callback is refused and a replayed one changes nothing.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
@WithTestResource(TwilioReceiver.class)
class TwilioChannelsTest {

    @Inject
    EntityManager entityManager;

    @AfterEach
    void realTimeAgain() {
        SettableClock.reset();
    }

    private static RequestSpecification admin() {
        return given().auth().oauth2(DevTokens.sign("admin-1", Roles.ADMIN, null, Duration.ofHours(1)));
    }

    private static String phone() {
        String number;
        do {
            number = "+1555" + (2_000_000 + ThreadLocalRandom.current().nextInt(7_000_000));
        } while (number.endsWith("0400") || number.endsWith("0503") || number.endsWith("0202"));
        return number;
    }

    /** A clinician with this mobile number on file. */
    private static String clinicianWithPhone(String phone) {
        String clinician = "dr-" + UUID.randomUUID().toString().substring(0, 8);
        admin().contentType(ContentType.JSON).body("{\"phone\": \"" + phone + "\"}")
                .put("/staff/{id}/contact", clinician).then().statusCode(200);
        return clinician;
    }

    /** A monitored session of this clinician with a blood-pressure crisis (CRITICAL); the alert's id and session. */
    private static String[] crisisOf(String clinician) {
        CrisisProbe.Crisis crisis = CrisisProbe.of(clinician, "MONITORING");
        return new String[]{crisis.alertId(), crisis.sessionId()};
    }

    private static Notification notification(String alertId, String channel) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> QuarkusTransaction.requiringNew().call(() ->
                        Notification.<Notification>list("alertId = ?1 and channel = ?2", UUID.fromString(alertId), channel)),
                found -> !found.isEmpty()).get(0);
    }

    private static Notification once(String alertId, String channel, Notification.Status status) {
        await().atMost(Duration.ofSeconds(15)).until(() -> notification(alertId, channel).status == status);
        return notification(alertId, channel);
    }

    /**
     * The text or call the receiver took for this alert's notification on the channel, once it is SENT (the session's
     * other alerts, such as bp-rise beside bp-crisis, page the same phone).
     */
    private static TwilioReceiver.Taken taken(String alertId, String channel) {
        Notification sent = once(alertId, channel, Notification.Status.SENT);
        return TwilioReceiver.TAKEN.stream().filter(t -> t.sid().equals(sent.providerRef)).findFirst().orElseThrow();
    }

    /** Twilio's status callback for a text, with the fields Twilio sends. */
    private static Map<String, String> textStatus(TwilioReceiver.Taken text, String status, String errorCode) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("AccountSid", TwilioReceiver.ACCOUNT_SID);
        params.put("ApiVersion", "2010-04-01");
        params.put("From", TwilioReceiver.FROM);
        params.put("To", text.field("To"));
        params.put("MessageSid", text.sid());
        params.put("SmsSid", text.sid());
        params.put("MessageStatus", status);
        params.put("SmsStatus", status);
        if (errorCode != null) {
            params.put("ErrorCode", errorCode);
        }
        return params;
    }

    private static Map<String, String> callStatus(TwilioReceiver.Taken call, String status) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("AccountSid", TwilioReceiver.ACCOUNT_SID);
        params.put("ApiVersion", "2010-04-01");
        params.put("CallSid", call.sid());
        params.put("CallStatus", status);
        params.put("Direction", "outbound-api");
        params.put("From", TwilioReceiver.FROM);
        params.put("To", call.field("To"));
        params.put("Timestamp", "Sat, 28 Nov 2026 05:00:00 +0000");
        params.put("SequenceNumber", "0");
        params.put("CallbackSource", "call-progress-events");
        return params;
    }

    /** Posts a callback as Twilio does, to our real port, signed over the public URL Twilio was given. */
    private static Response callback(Map<String, String> params, String signature) {
        String body = params.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        RequestSpecification request = given().contentType("application/x-www-form-urlencoded").body(body);
        if (signature != null) {
            request.header("X-Twilio-Signature", signature);
        }
        return request.post("/delivery/twilio/status");
    }

    private static Response signedCallback(Map<String, String> params) {
        return callback(params, TwilioReceiver.sign(TwilioReceiver.STATUS_CALLBACK, params));
    }

    @Test
    void shouldTextTheSitterToCheckOnThePatientAtACriticalAlertsFirstPageNamingNoOne() {
        String sitterPhone = phone();
        String sessionId = "s-" + UUID.randomUUID();
        LifecycleProbe.changed(sessionId, "MONITORING", Instant.now().minusSeconds(60), "dr-sitter-test", "test");
        await().atMost(Duration.ofSeconds(10)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> WatchedSession.findById(sessionId)) != null);
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                        "UPDATE session_watch SET sitter = ?2 WHERE session_id = ?1").setParameter(1, sessionId)
                .setParameter(2, "{\"name\": \"Sam Okafor\", \"phone\": \"" + sitterPhone.replace("+1555", "+1 555 ")
                        + "\", \"relationship\": \"partner\"}").executeUpdate());
        String alertId = CrisisProbe.readingIn(sessionId).alertId();

        Notification toSitter = await().atMost(Duration.ofSeconds(15)).until(() -> QuarkusTransaction.requiringNew().call(() ->
                        Notification.<Notification>list("alertId = ?1 and kind = 'SITTER'", UUID.fromString(alertId))),
                found -> found.size() == 1 && found.get(0).status == Notification.Status.SENT).get(0);
        assertThat(toSitter.recipient).isEqualTo("sitter");
        assertThat(toSitter.address).isEqualTo(sitterPhone);
        TwilioReceiver.Taken text = TwilioReceiver.TAKEN.stream().filter(t -> t.sid().equals(toSitter.providerRef)).findFirst()
                .orElseThrow();
        assertThat(text.field("To")).isEqualTo(sitterPhone);
        assertThat(text.field("Body")).startsWith("Ketamine session alert: please check on the patient now")
                .doesNotContain("Sam").doesNotContain(sessionId).doesNotContain("dr-sitter-test");
        assertThat(TwilioReceiver.VIOLATIONS).isEmpty();
        // The bp-rise alert beside it is WARNING: no text for that one.
        assertThat(QuarkusTransaction.requiringNew().call(() -> Notification.count("sessionId = ?1 and kind = 'SITTER'", sessionId)))
                .isEqualTo(1);
    }

    /** A monitored session whose plan says whether to text its sitter (with this phone), with a crisis; the alert's id. */
    private String crisisWithSitter(String sessionId, String sitterPhone, boolean textSitter) {
        LifecycleProbe.changedTextingSitter(sessionId, "MONITORING", Instant.now().minusSeconds(60), "dr-sitter-test", textSitter);
        await().atMost(Duration.ofSeconds(10)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> WatchedSession.<WatchedSession>findById(sessionId)), w -> w != null && Boolean.valueOf(textSitter).equals(w.textSitter));
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                        "UPDATE session_watch SET sitter = ?2 WHERE session_id = ?1").setParameter(1, sessionId)
                .setParameter(2, "{\"name\": \"Sam Okafor\", \"phone\": \"" + sitterPhone
                        + "\", \"relationship\": \"partner\"}").executeUpdate());
        return CrisisProbe.readingIn(sessionId).alertId();
    }

    @Test
    void shouldNotTextTheSitterWhenThePlanSaysNotAndRecordWhyOnTheAlert() {
        String sitterPhone = phone();
        String sessionId = "s-" + UUID.randomUUID();
        String alertId = crisisWithSitter(sessionId, sitterPhone, false);

        Notification toSitter = await().atMost(Duration.ofSeconds(15)).until(() -> QuarkusTransaction.requiringNew().call(() ->
                        Notification.<Notification>list("alertId = ?1 and kind = 'SITTER'", UUID.fromString(alertId))),
                found -> found.size() == 1).get(0);
        assertThat(toSitter.status).isEqualTo(Notification.Status.SKIPPED);
        assertThat(toSitter.lastError).isEqualTo("the plan says not to text the sitter");
        assertThat(toSitter.address).isNull();
        // The alert's notification log says why; the sitter's phone is never texted.
        admin().get("/alerts/{id}/notifications", alertId).then().statusCode(200)
                .body("find { it.kind == 'SITTER' }.status", equalTo("SKIPPED"))
                .body("find { it.kind == 'SITTER' }.lastError", equalTo("the plan says not to text the sitter"));
        assertThat(TwilioReceiver.TAKEN).noneSatisfy(t -> assertThat(t.field("To")).isEqualTo(sitterPhone));
        assertThat(QuarkusTransaction.requiringNew().call(() -> Notification.count("sessionId = ?1 and kind = 'SITTER'", sessionId)))
                .isEqualTo(1);
    }

    @Test
    void shouldTextTheSitterWhenThePlanSaysSo() {
        String sitterPhone = phone();
        String sessionId = "s-" + UUID.randomUUID();
        String alertId = crisisWithSitter(sessionId, sitterPhone, true);

        Notification toSitter = await().atMost(Duration.ofSeconds(15)).until(() -> QuarkusTransaction.requiringNew().call(() ->
                        Notification.<Notification>list("alertId = ?1 and kind = 'SITTER'", UUID.fromString(alertId))),
                found -> found.size() == 1 && found.get(0).status == Notification.Status.SENT).get(0);
        assertThat(TwilioReceiver.TAKEN).anySatisfy(t -> {
            assertThat(t.sid()).isEqualTo(toSitter.providerRef);
            assertThat(t.field("To")).isEqualTo(sitterPhone);
        });
    }

    @Test
    void shouldMarkATextDeliveredOnTwiliosSignedCallbackAndSkipTheCallWhenItsTimeComes() {
        String phone = phone();
        String clinician = clinicianWithPhone(phone);
        String[] crisis = crisisOf(clinician);
        String alertId = crisis[0];
        TwilioReceiver.Taken text = taken(alertId, "sms");
        assertThat(text.field("Body")).startsWith("CRITICAL: blood pressure in the crisis range")
                .contains("Reply not needed - open the console: https://console.clinic.example/console/alerts/" + alertId)
                .doesNotContain(crisis[1]).doesNotContain(clinician);
        assertThat(TwilioReceiver.VIOLATIONS).isEmpty();
        assertThat(text.api()).isEqualTo("Messages");

        // Forged: signed with another token, or not signed, or signed over another URL. Refused, nothing changed.
        Map<String, String> failed = textStatus(text, "failed", "30008");
        callback(failed, "bm90IGEgc2lnbmF0dXJl").then().statusCode(403).contentType("application/problem+json");
        callback(failed, null).then().statusCode(403);
        callback(failed, TwilioReceiver.sign("http://localhost:8084/delivery/twilio/status", failed)).then().statusCode(403);
        Map<String, String> altered = textStatus(text, "delivered", null);
        String signedDelivered = TwilioReceiver.sign(TwilioReceiver.STATUS_CALLBACK, altered);
        altered.put("MessageStatus", "failed");
        callback(altered, signedDelivered).then().statusCode(403);
        assertThat(notification(alertId, "sms").status).isEqualTo(Notification.Status.SENT);

        signedCallback(textStatus(text, "sent", null)).then().statusCode(200);
        assertThat(notification(alertId, "sms").status).isEqualTo(Notification.Status.SENT);
        signedCallback(textStatus(text, "delivered", null)).then().statusCode(200);
        Notification delivered = once(alertId, "sms", Notification.Status.DELIVERED);
        assertThat(delivered.receipt).contains("delivered to the phone");

        // Played again, and a late "failed" after it: the delivery stands.
        signedCallback(textStatus(text, "delivered", null)).then().statusCode(200);
        signedCallback(textStatus(text, "undelivered", "30003")).then().statusCode(200);
        Notification after = notification(alertId, "sms");
        assertThat(after.status).isEqualTo(Notification.Status.DELIVERED);
        assertThat(after.deliveredAt).isEqualTo(delivered.deliveredAt);

        // A sid Twilio knows and we do not: 200, kept for a sid we may record yet, and it changes nothing here.
        signedCallback(textStatus(new TwilioReceiver.Taken("Messages", Map.of("To", List.of(phone)), "SM" + "f".repeat(32)),
                "delivered", null)).then().statusCode(200);

        SettableClock.advance(Duration.ofSeconds(61));
        Notification call = once(alertId, "voice", Notification.Status.SKIPPED);
        assertThat(call.lastError).isEqualTo("not needed: delivered on another channel");
        assertThat(call.attempts).as("never called").isZero();
        assertThat(call.providerRef).isNull();
    }

    @Test
    void shouldApplyADeliveryReceiptThatCameBeforeTwilioAnsweredWithTheSid() {
        TwilioReceiver.ownStatusUrl = URI.create("http://localhost:" + RestAssured.port + "/delivery/twilio/status");
        String phone = "+1555" + (100 + ThreadLocalRandom.current().nextInt(900)) + "0202";
        String alertId = crisisOf(clinicianWithPhone(phone))[0];
        Notification text = once(alertId, "sms", Notification.Status.DELIVERED);
        assertThat(text.receipt).isEqualTo("Twilio: the text was delivered to the phone");
        assertThat(TwilioReceiver.TAKEN).filteredOn(t -> t.sid().equals(text.providerRef)).hasSize(1);
        assertThat(TwilioReceiver.QUICK_CALLBACKS).isNotEmpty().containsOnly(200);
        assertThat(QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                        "SELECT count(*) FROM early_receipt WHERE provider_ref = ?1").setParameter(1, text.providerRef)
                .getSingleResult()).intValue())).as("applied, not left waiting").isZero();
    }

    @Test
    void shouldMarkATextFailedWhenTwilioReportsItUndelivered() {
        String phone = phone();
        String alertId = crisisOf(clinicianWithPhone(phone))[0];
        TwilioReceiver.Taken text = taken(alertId, "sms");
        once(alertId, "sms", Notification.Status.SENT);
        signedCallback(textStatus(text, "undelivered", "30003")).then().statusCode(200);
        Notification failed = once(alertId, "sms", Notification.Status.FAILED);
        assertThat(failed.lastError).isEqualTo("Twilio: the text was undelivered (error 30003)");
    }

    @Test
    void shouldRefuseWithTwiliosErrorANumberTwilioCannotReach() {
        String phone = "+15557770400";
        String alertId = crisisOf(clinicianWithPhone(phone))[0];
        Notification refused = once(alertId, "sms", Notification.Status.FAILED);
        assertThat(refused.attempts).isEqualTo(1);
        assertThat(refused.lastError).contains("Twilio answered 400 (error 21211)").contains("not a valid phone number");
    }

    @Test
    void shouldRaisePageNotDeliveredWhenTheTextFailsAndTheCallGoesUnanswered() {
        String phone = phone();
        String clinician = clinicianWithPhone(phone);
        String alertId = crisisOf(clinician)[0];
        TwilioReceiver.Taken text = taken(alertId, "sms");
        once(alertId, "sms", Notification.Status.SENT);
        signedCallback(textStatus(text, "failed", "30008")).then().statusCode(200);
        once(alertId, "sms", Notification.Status.FAILED);
        assertThat(notification(alertId, "voice").status).isEqualTo(Notification.Status.PENDING);

        SettableClock.advance(Duration.ofSeconds(61));
        TwilioReceiver.Taken call = taken(alertId, "voice");
        assertThat(call.field("Twiml")).startsWith("<Response><Say>This is the ketamine monitoring service with a critical alert: "
                + "blood pressure in the crisis range.").doesNotContain(clinician);
        assertThat(call.fields().get("StatusCallbackEvent")).containsExactly("answered", "completed");
        once(alertId, "voice", Notification.Status.SENT);
        signedCallback(callStatus(call, "ringing")).then().statusCode(200);
        signedCallback(callStatus(call, "no-answer")).then().statusCode(200);
        assertThat(once(alertId, "voice", Notification.Status.FAILED).lastError).isEqualTo("Twilio: the call ended no-answer");

        // The live screen's page was sent over a minute ago and nobody's screen answered: the page reached nobody.
        await().atMost(Duration.ofSeconds(15)).until(() -> QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager
                .createNativeQuery("SELECT count(*) FROM undelivered_page WHERE alert_id = ?1 AND recipient = ?2")
                .setParameter(1, UUID.fromString(alertId)).setParameter(2, clinician).getSingleResult()).intValue()) == 1);
        admin().queryParam("sessionId", SystemAlerts.SESSION_ID).queryParam("rule", SystemAlerts.PAGE_NOT_DELIVERED)
                .get("/alerts").then().statusCode(200).body("size()", equalTo(1)).body("[0].severity", equalTo("CRITICAL"));
    }

    @Test
    void shouldMarkACallDeliveredWhenThePersonAnswers() {
        String phone = phone();
        String alertId = crisisOf(clinicianWithPhone(phone))[0];
        signedCallback(textStatus(taken(alertId, "sms"), "undelivered", "30005")).then().statusCode(200);
        once(alertId, "sms", Notification.Status.FAILED);
        SettableClock.advance(Duration.ofSeconds(61));
        TwilioReceiver.Taken call = taken(alertId, "voice");
        once(alertId, "voice", Notification.Status.SENT);
        assertThat(call.field("MachineDetection")).isEqualTo("Enable");
        Map<String, String> byHuman = callStatus(call, "in-progress");
        byHuman.put("AnsweredBy", "human");
        signedCallback(byHuman).then().statusCode(200);
        assertThat(once(alertId, "voice", Notification.Status.DELIVERED).receipt).isEqualTo("Twilio: the person answered the call");
        signedCallback(callStatus(call, "completed")).then().statusCode(200);
        assertThat(notification(alertId, "voice").status).isEqualTo(Notification.Status.DELIVERED);
    }

    @Test
    void shouldNotTakeACallAnsweredByVoicemailOrByWhoKnowsWhomAsDelivered() {
        for (String answeredBy : List.of("machine_start", "unknown")) {
            String alertId = crisisOf(clinicianWithPhone(phone()))[0];
            signedCallback(textStatus(taken(alertId, "sms"), "undelivered", "30005")).then().statusCode(200);
            once(alertId, "sms", Notification.Status.FAILED);
            SettableClock.advance(Duration.ofSeconds(61));
            TwilioReceiver.Taken call = taken(alertId, "voice");
            Map<String, String> answered = callStatus(call, "in-progress");
            answered.put("AnsweredBy", answeredBy);
            signedCallback(answered).then().statusCode(200);
            assertThat(once(alertId, "voice", Notification.Status.FAILED).lastError)
                    .isEqualTo("Twilio: the call was answered by " + answeredBy);
            // The call ends after the voicemail took the message: still not delivered.
            signedCallback(callStatus(call, "completed")).then().statusCode(200);
            assertThat(notification(alertId, "voice").status).isEqualTo(Notification.Status.FAILED);
            SettableClock.reset();
        }
    }

    @Test
    void shouldLetOnlyTheStatusCallbackPastWithoutATokenAndKeepContactsToAdminsAndThePerson() {
        // No JWT, no signature: refused by the signature check (403), not by authentication.
        given().contentType("application/x-www-form-urlencoded").body("MessageSid=SM1&MessageStatus=delivered")
                .post("/delivery/twilio/status").then().statusCode(403);
        given().get("/alerts").then().statusCode(401);
        given().contentType(ContentType.JSON).body("{\"phone\": \"+15551234567\"}").put("/staff/dr-x/contact").then().statusCode(401);
        given().get("/staff/dr-x/contact").then().statusCode(401);
        String other = DevTokens.sign("dr-y", Roles.CLINICIAN, null, Duration.ofHours(1));
        given().auth().oauth2(other).contentType(ContentType.JSON).body("{\"phone\": \"+15551234567\"}")
                .put("/staff/dr-x/contact").then().statusCode(403);
        given().auth().oauth2(other).get("/staff/dr-x/contact").then().statusCode(403);
        String self = DevTokens.sign("dr-x", Roles.CLINICIAN, null, Duration.ofHours(1));
        given().auth().oauth2(self).contentType(ContentType.JSON).body("{\"phone\": \"+15551234567\", \"operator\": true}")
                .put("/staff/dr-x/contact").then().statusCode(403);
        given().auth().oauth2(self).contentType(ContentType.JSON).body("{\"phone\": \"555-1234\"}")
                .put("/staff/dr-x/contact").then().statusCode(400);
        given().auth().oauth2(self).contentType(ContentType.JSON).body("{\"phone\": \"+1 555 123 4567\"}")
                .put("/staff/dr-x/contact").then().statusCode(200).body("phone", equalTo("+15551234567"));
        // Far larger than any status callback: refused before the signature is even looked at.
        given().contentType("application/x-www-form-urlencoded").body("MessageSid=SM1&Body=" + "x".repeat(20_000))
                .post("/delivery/twilio/status").then().statusCode(413);
    }
}
