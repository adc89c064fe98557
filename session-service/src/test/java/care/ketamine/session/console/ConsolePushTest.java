package care.ketamine.session.console;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.alerts.AlertCommand;
import care.ketamine.contracts.platform.ServiceHeartbeat;
import care.ketamine.contracts.security.Roles;
import care.ketamine.testsupport.DevKeys;
import care.ketamine.testsupport.DevTokens;
import care.ketamine.testsupport.RealInfrastructure;
import care.ketamine.testsupport.TopicProbe;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * "Get pages on this device" from the console: the key to subscribe with comes from alerting's heartbeat; the
 * browser's subscription goes to alerting as a command signed for the signed-in person and that browser's endpoint
 * only; what is not a subscription, and anyone not signed in as staff, sends nothing.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class ConsolePushTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Inject
    EntityManager entityManager;

    private static RequestSpecification console(String person, String role) {
        return given().cookie("console_token", DevTokens.forConsole(person, role)).header("X-Console-Request", "1")
                .contentType("application/json");
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    /** A browser's PushSubscription.toJSON(), as Chromium writes it. */
    private static Map<String, Object> subscription(String endpoint) {
        byte[] point = random(65);
        point[0] = 4;
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("endpoint", endpoint);
        json.put("expirationTime", null);
        json.put("keys", Map.of("p256dh", base64Url(point), "auth", base64Url(random(16))));
        return json;
    }

    @SuppressWarnings("unchecked")
    private List<String> commandsOf(String person) {
        return QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                        "SELECT payload FROM outbox_event WHERE event_type = 'alert.command' AND record_key = ?1 ORDER BY 1")
                .setParameter(1, person).getResultList());
    }

    private void alertingHeard(String webPushKey) {
        String instance = "alerting-" + UUID.randomUUID();
        TopicProbe.send(Topics.PLATFORM_HEARTBEATS, "alerting-service", EventJson.write(EventEnvelope.wrap(ServiceHeartbeat.TYPE,
                "alerting-service", new ServiceHeartbeat("alerting-service", instance, Instant.now(), 0.1, webPushKey),
                Clock.systemUTC())));
        await().atMost(Duration.ofSeconds(10)).until(() -> !QuarkusTransaction.requiringNew().call(() -> entityManager
                .createNativeQuery("SELECT 1 FROM pipeline_heartbeat WHERE instance = ?1").setParameter(1, instance)
                .getResultList()).isEmpty());
    }

    /** The command token's claims, after checking its signature with the development key session-service signs with. */
    private static JsonNode verifiedClaims(String jwt) throws Exception {
        String[] parts = jwt.split("\\.");
        String pem = Files.readString(DevKeys.publicKey()).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(pem)));
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initVerify(key);
        rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(rs256.verify(Base64.getUrlDecoder().decode(parts[2]))).as("signed by session-service").isTrue();
        return MAPPER.readTree(Base64.getUrlDecoder().decode(parts[1]));
    }

    @Test
    void shouldOfferAlertingsKeyFromItsLatestHeartbeatAndNothingWithoutOne() {
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                "DELETE FROM pipeline_heartbeat WHERE service = 'alerting-service'").executeUpdate());
        console("nurse-1", Roles.ON_CALL).get("/console/api/push").then().statusCode(200)
                .body("supported", equalTo(false)).body("publicKey", equalTo(null));

        String key = base64Url(random(65));
        alertingHeard(key);
        console("nurse-1", Roles.ON_CALL).get("/console/api/push").then().statusCode(200)
                .body("supported", equalTo(true)).body("publicKey", equalTo(key));
        console("dr-1", Roles.CLINICIAN).get("/console/api/push").then().statusCode(200).body("publicKey", equalTo(key));

        // alerting now runs without Web Push: its latest heartbeat says so.
        alertingHeard(null);
        console("admin-1", Roles.ADMIN).get("/console/api/push").then().statusCode(200).body("supported", equalTo(false));

        given().get("/console/api/push").then().statusCode(401);
        given().cookie("console_token", DevTokens.forConsole("intake-1", Roles.INTAKE)).get("/console/api/push").then().statusCode(403);
    }

    @Test
    void shouldSendTheSubscriptionAsACommandSignedForThePersonAndThatEndpointOnly() throws Exception {
        String nurse = "nurse-" + UUID.randomUUID().toString().substring(0, 8);
        String endpoint = "https://fcm.googleapis.com/fcm/send/" + UUID.randomUUID();
        Map<String, Object> browser = subscription(endpoint);
        console(nurse, Roles.ON_CALL).body(browser).put("/console/api/push/subscription").then().statusCode(202)
                .body("action", equalTo("PUSH_SUBSCRIBE"));
        console(nurse, Roles.ON_CALL).body(Map.of("endpoint", endpoint)).delete("/console/api/push/subscription").then()
                .statusCode(202).body("action", equalTo("PUSH_UNSUBSCRIBE"));

        List<JsonNode> sent = commandsOf(nurse).stream().map(payload -> {
            try {
                JsonNode stored = MAPPER.readTree(payload);
                return stored.has("payload") ? stored.get("payload") : stored; // the envelope, as the outbox keeps it
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
        assertThat(sent).hasSize(2);
        JsonNode subscribe = sent.stream().filter(c -> c.path("action").asText().equals("PUSH_SUBSCRIBE")).findFirst().orElseThrow();
        JsonNode unsubscribe = sent.stream().filter(c -> c.path("action").asText().equals("PUSH_UNSUBSCRIBE")).findFirst().orElseThrow();
        @SuppressWarnings("unchecked")
        Map<String, String> keys = (Map<String, String>) browser.get("keys");
        assertThat(subscribe.path("alertId").isNull()).isTrue();
        assertThat(subscribe.path("pushSubscription").path("endpoint").asText()).isEqualTo(endpoint);
        assertThat(subscribe.path("pushSubscription").path("p256dh").asText()).isEqualTo(keys.get("p256dh"));
        assertThat(subscribe.path("pushSubscription").path("auth").asText()).isEqualTo(keys.get("auth"));
        assertThat(unsubscribe.path("pushSubscription").path("endpoint").asText()).isEqualTo(endpoint);
        assertThat(unsubscribe.path("pushSubscription").path("p256dh").isNull()).isTrue();

        for (JsonNode command : sent) {
            String token = command.path("token").asText();
            JsonNode claims = verifiedClaims(token);
            // For this person, this action and this browser's endpoint (by its digest), for minutes; no alert.
            assertThat(claims.path("sub").asText()).isEqualTo(nurse);
            assertThat(claims.path("aud").toString()).contains("alert-commands");
            assertThat(claims.path("groups").toString()).contains(Roles.ON_CALL);
            assertThat(claims.path("action").asText()).isEqualTo(command.path("action").asText());
            assertThat(claims.path("push_endpoint").asText()).isEqualTo(AlertCommand.endpointDigest(endpoint));
            assertThat(claims.has("alert_id")).isFalse();
            assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isLessThanOrEqualTo(300);
            assertThat(token).doesNotContain(endpoint);
        }
    }

    @Test
    void shouldRefuseWhatIsNotASubscriptionAndAnyoneNotStaffSendingNothing() {
        String nurse = "nurse-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> good = subscription("https://fcm.googleapis.com/fcm/send/" + UUID.randomUUID());
        @SuppressWarnings("unchecked")
        Map<String, String> keys = (Map<String, String>) good.get("keys");
        Map<String, Object> bad = new LinkedHashMap<>();
        bad.put("http, not https", Map.of("endpoint", "http://fcm.googleapis.com/fcm/send/x", "keys", keys));
        bad.put("not a URL", Map.of("endpoint", "https://exa mple/ x", "keys", keys));
        bad.put("credentials in the URL", Map.of("endpoint", "https://user:pw@fcm.googleapis.com/x", "keys", keys));
        bad.put("too long", Map.of("endpoint", "https://fcm.googleapis.com/" + "x".repeat(2048), "keys", keys));
        bad.put("no endpoint", Map.of("keys", keys));
        bad.put("no keys", Map.of("endpoint", "https://fcm.googleapis.com/fcm/send/x"));
        bad.put("no auth", Map.of("endpoint", "https://fcm.googleapis.com/fcm/send/x", "keys", Map.of("p256dh", keys.get("p256dh"))));
        bad.put("p256dh not base64url", Map.of("endpoint", "https://fcm.googleapis.com/fcm/send/x",
                "keys", Map.of("p256dh", "!!!not+base64/", "auth", keys.get("auth"))));
        bad.put("p256dh not a point", Map.of("endpoint", "https://fcm.googleapis.com/fcm/send/x",
                "keys", Map.of("p256dh", keys.get("auth"), "auth", keys.get("auth"))));
        bad.put("auth not 16 bytes", Map.of("endpoint", "https://fcm.googleapis.com/fcm/send/x",
                "keys", Map.of("p256dh", keys.get("p256dh"), "auth", keys.get("p256dh"))));
        bad.put("an unknown field", Map.of("endpoint", "https://fcm.googleapis.com/fcm/send/x", "keys", keys, "extra", 1));
        bad.forEach((why, body) -> console(nurse, Roles.CLINICIAN).body(body).put("/console/api/push/subscription").then()
                .log().ifValidationFails().statusCode(400).contentType("application/problem+json"));
        console(nurse, Roles.CLINICIAN).body("not json").put("/console/api/push/subscription").then().statusCode(400);
        // Each refusal names the field and says what it must be.
        Map<String, List<String>> named = new LinkedHashMap<>();
        named.put("http, not https", List.of("endpoint", "must be an https URL of a push service"));
        named.put("not a URL", List.of("endpoint", "is not a URL"));
        named.put("too long", List.of("endpoint", "is at most 2048 characters"));
        named.put("no endpoint", List.of("endpoint", "is required"));
        named.put("no keys", List.of("keys", "is required: p256dh and auth"));
        named.put("no auth", List.of("keys.auth", "is required"));
        named.put("p256dh not a point", List.of("keys.p256dh", "must be the browser's P-256 public key, 65 bytes in base64url"));
        named.put("auth not 16 bytes", List.of("keys.auth", "must be the browser's auth secret, 16 bytes in base64url"));
        named.forEach((why, violation) -> console(nurse, Roles.CLINICIAN).body(bad.get(why)).put("/console/api/push/subscription")
                .then().statusCode(400).body("violations.field", equalTo(List.of(violation.get(0))))
                .body("violations[0].rule", equalTo(violation.get(1))));
        console(nurse, Roles.CLINICIAN).put("/console/api/push/subscription").then().statusCode(400)
                .body("violations.field", equalTo(List.of("body")))
                .body("violations[0].rule", equalTo("is the browser's PushSubscription: endpoint and keys"));
        console(nurse, Roles.CLINICIAN).body(Map.of("endpoint", "http://fcm.googleapis.com/x"))
                .delete("/console/api/push/subscription").then().statusCode(400).contentType("application/problem+json");
        console(nurse, Roles.CLINICIAN).body("{}").delete("/console/api/push/subscription").then().statusCode(400)
                .body("violations.field", equalTo(List.of("endpoint")));

        // Not signed in, not staff that may be paged, not from the console's pages, not JSON.
        given().header("X-Console-Request", "1").contentType("application/json").body(good)
                .put("/console/api/push/subscription").then().statusCode(401);
        for (String role : List.of(Roles.INTAKE, Roles.SITTER, Roles.PATIENT_DEVICE)) {
            console(nurse, role).body(good).put("/console/api/push/subscription").then().statusCode(403);
            console(nurse, role).body(Map.of("endpoint", good.get("endpoint"))).delete("/console/api/push/subscription")
                    .then().statusCode(403);
        }
        given().cookie("console_token", DevTokens.forConsole(nurse, Roles.ON_CALL)).contentType("application/json").body(good)
                .put("/console/api/push/subscription").then().statusCode(403);
        given().cookie("console_token", DevTokens.forConsole(nurse, Roles.ON_CALL)).header("X-Console-Request", "1")
                .contentType("text/plain").body("x").put("/console/api/push/subscription").then().statusCode(403);
        console(nurse, Roles.ON_CALL).header("Origin", "https://elsewhere.example").body(good)
                .put("/console/api/push/subscription").then().statusCode(403);
        // The console's sign-in token is required: an API token is not accepted here.
        given().cookie("console_token", DevTokens.sign(nurse, Roles.ON_CALL, null, Duration.ofHours(1))).header("X-Console-Request", "1")
                .contentType("application/json").body(good).put("/console/api/push/subscription").then().statusCode(401);
        assertThat(commandsOf(nurse)).isEmpty();
    }
}
