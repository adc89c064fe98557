package care.ketamine.alerting.push;

import care.ketamine.alerting.session.WatchedSession;
import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.security.Roles;
import care.ketamine.contracts.vitals.ReadingRecorded;
import care.ketamine.testsupport.DevTokens;
import care.ketamine.testsupport.LifecycleProbe;
import care.ketamine.testsupport.RealInfrastructure;
import care.ketamine.testsupport.TopicProbe;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.ConfigProvider;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * Web Push end to end against a push service on loopback that checks VAPID and reads the message as the browser would:
 * a person subscribes a browser, their page arrives there encrypted and signed, the screen's answer makes it delivered;
 * a browser the push service calls gone is forgotten; a subscription we cannot use is refused.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
@WithTestResource(PushService.class)
class WebPushTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Inject
    EntityManager entityManager;

    private static RequestSpecification as(String staffId, String role) {
        return given().auth().oauth2(DevTokens.sign(staffId, role, null, Duration.ofHours(1)));
    }

    private static RequestSpecification admin() {
        return as("admin-1", Roles.ADMIN);
    }

    private static Map<String, Object> subscription(String endpoint, PushService.Browser browser) {
        return Map.of("endpoint", endpoint,
                "keys", Map.of("p256dh", P256.base64Url(browser.p256dh()), "auth", P256.base64Url(browser.auth())));
    }

    private static String subscribe(String staffId, String name) {
        PushService.Browser browser = PushService.browser(name);
        Map<String, Object> body = new HashMap<>(subscription(PushService.endpoint(name), browser));
        body.put("expirationTime", null);
        return as(staffId, Roles.CLINICIAN).contentType(ContentType.JSON).body(body).post("/push/subscriptions")
                .then().statusCode(201).extract().path("id");
    }

    /** A checked-in session of this clinician with a BP crisis; its alert's id. */
    private static String crisisOf(String clinician) {
        String sessionId = "s-" + UUID.randomUUID();
        LifecycleProbe.changed(sessionId, "CHECKED_IN", Instant.now().minusSeconds(60), clinician, "test");
        await().atMost(Duration.ofSeconds(10)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> WatchedSession.findById(sessionId)) != null);
        Instant now = Instant.now();
        TopicProbe.send(Topics.VITALS_OBSERVATIONS, sessionId, EventJson.write(EventEnvelope.wrap(ReadingRecorded.TYPE, sessionId,
                new ReadingRecorded("r-" + UUID.randomUUID(), sessionId, "d-1", 195, 125, 80, 97, now.minusSeconds(1), now),
                Clock.systemUTC())));
        return await().atMost(Duration.ofSeconds(15)).until(() -> admin().queryParam("sessionId", sessionId)
                        .queryParam("rule", "bp-crisis").get("/alerts").then().statusCode(200).extract().<List<String>>path("id"),
                ids -> ids.size() == 1).get(0);
    }

    private static Map<String, Object> pushPage(String alertId) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> admin().get("/alerts/{id}/notifications", alertId).then()
                        .statusCode(200).extract().<List<Map<String, Object>>>path("findAll { it.channel == 'push' }"),
                found -> !found.isEmpty()).get(0);
    }

    @Test
    void shouldPushAPageOnlyTheSubscribedBrowserCanReadAndCountItDeliveredWhenTheScreenAnswers() throws Exception {
        String clinician = "dr-" + UUID.randomUUID();
        String name = "phone-" + UUID.randomUUID();
        subscribe(clinician, name);
        String alertId = crisisOf(clinician);

        // The crisis reading may raise another alert too (BP rising sharply), paged to the same browser at the same time.
        PushService.Received received = await().atMost(Duration.ofSeconds(10)).until(() -> PushService.RECEIVED.stream()
                .filter(r -> r.name().equals(name) && r.plaintext() != null && r.plaintext().contains(alertId)).findFirst(),
                Optional::isPresent).get();
        assertThat(received.errors()).isEmpty();
        assertThat(received.answered()).isEqualTo(201);
        assertThat(received.vapidKey()).isEqualTo(admin().get("/push/vapid-public-key").then().statusCode(200)
                .extract().path("publicKey"));
        assertThat(received.headers()).containsEntry("Urgency", "high").containsEntry("TTL", "900")
                .containsEntry("Content-Encoding", "aes128gcm");
        JsonNode message = MAPPER.readTree(received.plaintext());
        Map<String, Object> page = pushPage(alertId);
        assertThat(message.path("alertId").asText()).isEqualTo(alertId);
        assertThat(message.path("notificationId").asText()).isEqualTo(page.get("id"));
        assertThat(message.path("severity").asText()).isEqualTo("CRITICAL");
        assertThat(message.path("rule").asText()).isEqualTo("blood pressure in the crisis range");
        // The page's words as email and SMS have them, and the console's link to the alert.
        assertThat(message.path("title").asText()).isEqualTo("[CRITICAL] Blood pressure in the crisis range (new alert)");
        assertThat(message.path("body").asText()).startsWith("New alert").contains("Open the console");
        assertThat(message.path("link").asText()).isEqualTo(ConfigProvider.getConfig().getValue("alerting.console-url", String.class)
                .replaceAll("/+$", "") + "/alerts/" + alertId);
        assertThat(received.headers().get("Topic")).isEqualTo(((String) page.get("id")).replace("-", ""));
        // Nothing about the patient: no session, no reading.
        String sessionId = admin().get("/alerts/{id}", alertId).then().extract().path("sessionId");
        assertThat(received.plaintext()).doesNotContain(sessionId).doesNotContain("195").doesNotContain(clinician);

        await().atMost(Duration.ofSeconds(10)).until(() -> "SENT".equals(pushPage(alertId).get("status")));
        // The service worker shows it and answers, as the person it was for.
        as(clinician, Roles.CLINICIAN).post("/notifications/{id}/received", page.get("id")).then().statusCode(200)
                .body("status", equalTo("DELIVERED"));
        assertThat(pushPage(alertId).get("status")).isEqualTo("DELIVERED");
    }

    @Test
    void shouldForgetABrowserThePushServiceSaysIsGone() {
        String clinician = "dr-" + UUID.randomUUID();
        String name = "gone-" + UUID.randomUUID();
        subscribe(clinician, name);
        as(clinician, Roles.CLINICIAN).get("/push/subscriptions").then().statusCode(200)
                .body("endpoint", hasItem(PushService.endpoint(name)));
        String alertId = crisisOf(clinician);
        await().atMost(Duration.ofSeconds(10)).until(() -> "FAILED".equals(pushPage(alertId).get("status")));
        assertThat(PushService.RECEIVED.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow().errors()).isEmpty();
        as(clinician, Roles.CLINICIAN).get("/push/subscriptions").then().statusCode(200).body("size()", equalTo(0));
        assertThat((String) pushPage(alertId).get("lastError")).contains("gone");

        // With no browser left, the next page does not try push at all.
        String next = crisisOf(clinician);
        await().atMost(Duration.ofSeconds(10)).until(() -> "SKIPPED".equals(pushPage(next).get("status")));
    }

    @Test
    void shouldRefuseASubscriptionItCannotUseWithProblemJson() {
        String clinician = "dr-" + UUID.randomUUID();
        PushService.Browser browser = PushService.browser("refused-" + UUID.randomUUID());
        String p256dh = P256.base64Url(browser.p256dh());
        String auth = P256.base64Url(browser.auth());
        Map<String, Object> offCurve = Map.of("p256dh", p256dh.substring(0, 80) + (p256dh.charAt(80) == 'A' ? "B" : "A")
                + p256dh.substring(81), "auth", auth);
        Map<String, Map<String, Object>> bad = new java.util.LinkedHashMap<>();
        bad.put("http, not https", Map.of("endpoint", "http://fcm.googleapis.com/fcm/send/x", "keys", Map.of("p256dh", p256dh, "auth", auth)));
        bad.put("not a push service", Map.of("endpoint", "https://intranet.clinic.example/admin", "keys", Map.of("p256dh", p256dh, "auth", auth)));
        bad.put("no endpoint", Map.of("keys", Map.of("p256dh", p256dh, "auth", auth)));
        bad.put("no keys", Map.of("endpoint", "https://fcm.googleapis.com/fcm/send/x"));
        bad.put("no auth", Map.of("endpoint", "https://fcm.googleapis.com/fcm/send/x", "keys", Map.of("p256dh", p256dh)));
        bad.put("p256dh not base64url", Map.of("endpoint", "https://fcm.googleapis.com/fcm/send/x", "keys", Map.of("p256dh", "!!!not+base64/", "auth", auth)));
        bad.put("p256dh too short", Map.of("endpoint", "https://fcm.googleapis.com/fcm/send/x", "keys", Map.of("p256dh", auth, "auth", auth)));
        bad.put("p256dh off the curve", Map.of("endpoint", "https://fcm.googleapis.com/fcm/send/x", "keys", offCurve));
        bad.put("auth not 16 bytes", Map.of("endpoint", "https://fcm.googleapis.com/fcm/send/x", "keys", Map.of("p256dh", p256dh, "auth", p256dh)));
        bad.put("an unknown field", Map.of("endpoint", "https://fcm.googleapis.com/fcm/send/x", "keys", Map.of("p256dh", p256dh, "auth", auth),
                "extra", 1));
        for (Map.Entry<String, Map<String, Object>> entry : bad.entrySet()) {
            as(clinician, Roles.CLINICIAN).contentType(ContentType.JSON).body(entry.getValue()).post("/push/subscriptions")
                    .then().log().ifValidationFails().statusCode(400).contentType(equalTo("application/problem+json"));
        }
        as(clinician, Roles.CLINICIAN).contentType(ContentType.JSON).body("not json").post("/push/subscriptions")
                .then().statusCode(400);

        Map<String, Object> good = Map.of("endpoint", "https://fcm.googleapis.com/fcm/send/" + UUID.randomUUID(),
                "keys", Map.of("p256dh", p256dh, "auth", auth));
        given().contentType(ContentType.JSON).body(good).post("/push/subscriptions").then().statusCode(401);
        given().get("/push/vapid-public-key").then().statusCode(401);
        given().auth().oauth2(DevTokens.forRole(Roles.INTAKE)).contentType(ContentType.JSON).body(good).post("/push/subscriptions")
                .then().statusCode(403);

        // Five browsers, then one too many; the same browser again is not another one.
        String first = null;
        for (int i = 0; i < PushSubscriptions.MOST_PER_PERSON; i++) {
            String id = as(clinician, Roles.CLINICIAN).contentType(ContentType.JSON)
                    .body(Map.of("endpoint", "https://updates.push.services.mozilla.com/wpush/v2/" + i + "-" + clinician,
                            "keys", Map.of("p256dh", p256dh, "auth", auth)))
                    .post("/push/subscriptions").then().statusCode(201).extract().path("id");
            first = first == null ? id : first;
        }
        as(clinician, Roles.CLINICIAN).contentType(ContentType.JSON)
                .body(Map.of("endpoint", "https://updates.push.services.mozilla.com/wpush/v2/0-" + clinician,
                        "keys", Map.of("p256dh", p256dh, "auth", auth)))
                .post("/push/subscriptions").then().statusCode(201).body("id", equalTo(first));
        as(clinician, Roles.CLINICIAN).contentType(ContentType.JSON).body(good).post("/push/subscriptions")
                .then().statusCode(400).contentType(equalTo("application/problem+json"));

        // Only its owner removes a subscription.
        as("dr-someone-else", Roles.CLINICIAN).delete("/push/subscriptions/{id}", first).then().statusCode(404);
        as(clinician, Roles.CLINICIAN).delete("/push/subscriptions/{id}", first).then().statusCode(204);
        as(clinician, Roles.CLINICIAN).delete("/push/subscriptions/{id}", first).then().statusCode(404);
        as(clinician, Roles.CLINICIAN).contentType(ContentType.JSON).body(good).post("/push/subscriptions").then().statusCode(201);
    }

    @Test
    void shouldRefuseAnotherPersonsEndpointWith409AndChangeNothing() throws Exception {
        String owner = "dr-" + UUID.randomUUID();
        String other = "dr-" + UUID.randomUUID();
        String name = "taken-" + UUID.randomUUID();
        String id = subscribe(owner, name);

        // Someone else sends the owner's endpoint with keys of their own: refused, and the owner's keys stay.
        java.security.KeyPair theirs = P256.generate();
        byte[] theirAuth = new byte[16];
        new java.security.SecureRandom().nextBytes(theirAuth);
        Map<String, Object> takeover = Map.of("endpoint", PushService.endpoint(name), "keys", Map.of(
                "p256dh", P256.base64Url(P256.raw((java.security.interfaces.ECPublicKey) theirs.getPublic())),
                "auth", P256.base64Url(theirAuth)));
        for (String role : List.of(Roles.CLINICIAN, Roles.ON_CALL, Roles.ADMIN)) {
            as(other, role).contentType(ContentType.JSON).body(takeover).post("/push/subscriptions")
                    .then().statusCode(409).contentType(equalTo("application/problem+json"))
                    .body("status", equalTo(409));
        }
        as(other, Roles.CLINICIAN).get("/push/subscriptions").then().statusCode(200).body("size()", equalTo(0));
        as(other, Roles.CLINICIAN).delete("/push/subscriptions/{id}", id).then().statusCode(404);
        as(owner, Roles.CLINICIAN).get("/push/subscriptions").then().statusCode(200)
                .body("id", equalTo(List.of(id))).body("endpoint", equalTo(List.of(PushService.endpoint(name))));
        assertThat(QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                        "SELECT count(*) FROM action_audit WHERE actor = ?1 AND action = 'push.subscribe.denied'")
                .setParameter(1, other).getSingleResult()).intValue())).isEqualTo(3);

        // The owner renewing their keys is the same subscription, and the page is for the renewed keys.
        PushService.Browser renewed = PushService.browser(name);
        as(owner, Roles.CLINICIAN).contentType(ContentType.JSON).body(subscription(PushService.endpoint(name), renewed))
                .post("/push/subscriptions").then().statusCode(201).body("id", equalTo(id));
        crisisOf(owner);
        PushService.Received received = await().atMost(Duration.ofSeconds(10)).until(() -> PushService.RECEIVED.stream()
                .filter(r -> r.name().equals(name)).findFirst(), Optional::isPresent).get();
        assertThat(received.errors()).isEmpty();
        assertThat(received.answered()).isEqualTo(201);

        // Once the owner lets the browser go, another person may subscribe it.
        as(owner, Roles.CLINICIAN).delete("/push/subscriptions/{id}", id).then().statusCode(204);
        as(other, Roles.CLINICIAN).contentType(ContentType.JSON).body(takeover).post("/push/subscriptions")
                .then().statusCode(201);
    }

    @Test
    void shouldNotCallAnEndpointOffTheListWhateverTheDatabaseSays() {
        String clinician = "dr-" + UUID.randomUUID();
        String name = "moved-" + UUID.randomUUID();
        String id = subscribe(clinician, name);
        // The row now points at a host not on alerting.push.endpoint-hosts (only 127.0.0.1 is): the same loopback
        // push service under another name, which would take the message if it were called.
        String moved = PushService.endpoint(name).replace("127.0.0.1", "localhost");
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                        "UPDATE push_subscription SET endpoint = ?1 WHERE id = ?2")
                .setParameter(1, moved).setParameter(2, UUID.fromString(id)).executeUpdate());

        String alertId = crisisOf(clinician);
        await().atMost(Duration.ofSeconds(10)).until(() -> "FAILED".equals(pushPage(alertId).get("status")));
        assertThat((String) pushPage(alertId).get("lastError")).contains("not called").contains("not on a push service");
        assertThat(PushService.RECEIVED.stream().filter(r -> r.name().equals(name))).isEmpty();
    }
}
