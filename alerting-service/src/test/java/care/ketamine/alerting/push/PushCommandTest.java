package care.ketamine.alerting.push;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.alerts.AlertCommand;
import care.ketamine.contracts.security.Roles;
import care.ketamine.testsupport.DevTokens;
import care.ketamine.testsupport.ManagementInterface;
import care.ketamine.testsupport.RealInfrastructure;
import care.ketamine.testsupport.TopicProbe;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

/**
 * A person registers a browser for pages from the console: a command on alerts.commands, as the person its token
 * names and for the one endpoint it was signed for. The browser gets a test page it can read (through the loopback
 * push service that checks VAPID and decrypts as the browser would); another person's browser, a token for another
 * browser, and a command that is not one change nothing. Commands of one person share a partition (key: the staff
 * id), so a later good command being applied shows the earlier ones were handled.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
@WithTestResource(PushService.class)
class PushCommandTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Inject
    EntityManager entityManager;

    private static AlertCommand.PushSubscription browser(String name) {
        PushService.Browser browser = PushService.browser(name);
        return new AlertCommand.PushSubscription(PushService.endpoint(name), P256.base64Url(browser.p256dh()),
                P256.base64Url(browser.auth()));
    }

    private static String record(String staffId, UUID alertId, String action, AlertCommand.PushSubscription browser,
                                 String token) {
        return EventJson.write(EventEnvelope.wrap(AlertCommand.TYPE, staffId,
                new AlertCommand(alertId, action, null, token, null, browser), Clock.systemUTC()));
    }

    /** A push command as the console sends it: for this person, this action and this browser's endpoint. */
    private static void command(String staffId, String action, AlertCommand.PushSubscription browser) {
        TopicProbe.send(Topics.ALERTS_COMMANDS, staffId, record(staffId, null, action, browser,
                DevTokens.forPushCommand(staffId, Roles.ON_CALL, action, browser.endpoint())));
    }

    private static List<String> endpointsOf(String staffId) {
        return given().auth().oauth2(DevTokens.sign(staffId, Roles.ON_CALL, null, Duration.ofHours(1)))
                .get("/push/subscriptions").then().statusCode(200).extract().path("endpoint");
    }

    private static List<PushService.Received> testPagesTo(String name) {
        return PushService.RECEIVED.stream().filter(r -> r.name().equals(name)).toList();
    }

    /** Subscribes the browser by command and waits for its test page: every command of the person before it is done. */
    private static PushService.Received subscribed(String staffId, String name) {
        command(staffId, AlertCommand.PUSH_SUBSCRIBE, browser(name));
        return await().atMost(Duration.ofSeconds(15)).until(() -> testPagesTo(name), r -> !r.isEmpty()).get(0);
    }

    private String keyOf(String endpoint) {
        return QuarkusTransaction.requiringNew().call(() -> (String) entityManager.createNativeQuery(
                "SELECT p256dh FROM push_subscription WHERE endpoint = ?1").setParameter(1, endpoint).getSingleResult());
    }

    @Test
    void shouldRegisterABrowserFromTheConsoleAndSendItATestPageOnlyItCanRead() throws Exception {
        String nurse = "nurse-" + UUID.randomUUID();
        String name = "phone-" + UUID.randomUUID();
        AlertCommand.PushSubscription phone = browser(name);
        String once = record(nurse, null, AlertCommand.PUSH_SUBSCRIBE, phone,
                DevTokens.forPushCommand(nurse, Roles.ON_CALL, AlertCommand.PUSH_SUBSCRIBE, phone.endpoint()));
        TopicProbe.send(Topics.ALERTS_COMMANDS, nurse, once);
        TopicProbe.send(Topics.ALERTS_COMMANDS, nurse, once); // a redelivery: no second test page

        PushService.Received received = await().atMost(Duration.ofSeconds(15)).until(() -> testPagesTo(name), r -> !r.isEmpty()).get(0);
        assertThat(received.errors()).isEmpty();
        assertThat(received.answered()).isEqualTo(201);
        assertThat(received.headers()).containsEntry("Urgency", "high").containsEntry("TTL", "120")
                .containsEntry("Content-Encoding", "aes128gcm");
        JsonNode message = MAPPER.readTree(received.plaintext());
        assertThat(message.path("kind").asText()).isEqualTo(PushChannel.CONFIRMATION);
        assertThat(message.path("body").asText()).isEqualTo("Pages will arrive on this device");
        // Not a page: nothing for the service worker to answer for.
        assertThat(message.has("notificationId")).isFalse();
        assertThat(message.has("alertId")).isFalse();
        assertThat(endpointsOf(nurse)).containsExactly(phone.endpoint());

        subscribed(nurse, "laptop-" + UUID.randomUUID());
        assertThat(testPagesTo(name)).hasSize(1);
        ManagementInterface.request().get("/q/metrics").then()
                .body(containsString("alerts_commands_total{action=\"PUSH_SUBSCRIBE\",outcome=\"applied\"}"))
                .body(containsString("alerts_push_confirmations_total{outcome=\"sent\"}"));
    }

    @Test
    void shouldRefuseAnotherPersonsBrowserAuditTheAttemptAndLetOnlyItsOwnerStopIt() {
        String owner = "dr-" + UUID.randomUUID();
        String other = "dr-" + UUID.randomUUID();
        String name = "taken-" + UUID.randomUUID();
        subscribed(owner, name);
        String endpoint = PushService.endpoint(name);
        String ownersKey = keyOf(endpoint);

        // Another person, with a valid token of their own for that endpoint and keys of their own: refused.
        AlertCommand.PushSubscription takeover = browser(name);
        command(other, AlertCommand.PUSH_SUBSCRIBE, takeover);
        command(other, AlertCommand.PUSH_UNSUBSCRIBE, new AlertCommand.PushSubscription(endpoint, null, null));
        String theirs = "theirs-" + UUID.randomUUID();
        subscribed(other, theirs);

        assertThat(endpointsOf(other)).containsExactly(PushService.endpoint(theirs));
        assertThat(endpointsOf(owner)).containsExactly(endpoint);
        assertThat(keyOf(endpoint)).isEqualTo(ownersKey);
        assertThat(testPagesTo(name)).hasSize(1);
        assertThat(QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                        "SELECT count(*) FROM action_audit WHERE actor = ?1 AND action = 'push.subscribe.denied'")
                .setParameter(1, other).getSingleResult()).intValue())).isEqualTo(1);
        ManagementInterface.request().get("/q/metrics").then()
                .body(containsString("alerts_commands_total{action=\"PUSH_SUBSCRIBE\",outcome=\"forbidden\"}"))
                .body(containsString("alerts_commands_total{action=\"PUSH_UNSUBSCRIBE\",outcome=\"refused\"}"));

        // Its owner stops it; then it is free for another person.
        command(owner, AlertCommand.PUSH_UNSUBSCRIBE, new AlertCommand.PushSubscription(endpoint, null, null));
        await().atMost(Duration.ofSeconds(15)).until(() -> endpointsOf(owner).isEmpty());
        command(other, AlertCommand.PUSH_SUBSCRIBE, takeover);
        await().atMost(Duration.ofSeconds(15)).until(() -> endpointsOf(other).contains(endpoint));
    }

    @Test
    void shouldRefuseATokenForAnotherBrowserOrActionAndCommandsThatAreNotOne() {
        String nurse = "nurse-" + UUID.randomUUID();
        String nameA = "a-" + UUID.randomUUID();
        String nameB = "b-" + UUID.randomUUID();
        AlertCommand.PushSubscription a = browser(nameA);
        AlertCommand.PushSubscription b = browser(nameB);
        String forA = DevTokens.forPushCommand(nurse, Roles.ON_CALL, AlertCommand.PUSH_SUBSCRIBE, a.endpoint());
        List<String> refused = List.of(
                // A token for browser A used for browser B, or for another action.
                record(nurse, null, AlertCommand.PUSH_SUBSCRIBE, b, forA),
                record(nurse, null, AlertCommand.PUSH_SUBSCRIBE, a,
                        DevTokens.forPushCommand(nurse, Roles.ON_CALL, AlertCommand.PUSH_UNSUBSCRIBE, a.endpoint())),
                // An alert's command token, no token, the person's own API token.
                record(nurse, null, AlertCommand.PUSH_SUBSCRIBE, a,
                        DevTokens.forAlertCommand(nurse, Roles.ON_CALL, UUID.randomUUID().toString(), AlertCommand.PUSH_SUBSCRIBE)),
                record(nurse, null, AlertCommand.PUSH_SUBSCRIBE, a, null),
                record(nurse, null, AlertCommand.PUSH_SUBSCRIBE, a, DevTokens.sign(nurse, Roles.ON_CALL, null, Duration.ofHours(1))),
                // Not a push command: an alert named, no subscription, keys we cannot encrypt to, an endpoint we may not call.
                record(nurse, UUID.randomUUID(), AlertCommand.PUSH_SUBSCRIBE, a, forA),
                record(nurse, null, AlertCommand.PUSH_SUBSCRIBE, null, forA),
                record(nurse, null, AlertCommand.PUSH_SUBSCRIBE, new AlertCommand.PushSubscription(a.endpoint(), "not-a-key", a.auth()), forA),
                record(nurse, null, AlertCommand.PUSH_SUBSCRIBE, new AlertCommand.PushSubscription(
                        "https://intranet.clinic.example/admin", a.p256dh(), a.auth()), DevTokens.forPushCommand(nurse,
                        Roles.ON_CALL, AlertCommand.PUSH_SUBSCRIBE, "https://intranet.clinic.example/admin")));
        refused.forEach(json -> TopicProbe.send(Topics.ALERTS_COMMANDS, nurse, json));
        // And a record the consumer cannot read at all goes to the DLQ without stopping it.
        TopicProbe.send(Topics.ALERTS_COMMANDS, nurse, "{\"not\": \"an event\"}");

        String good = "c-" + UUID.randomUUID();
        subscribed(nurse, good);
        assertThat(endpointsOf(nurse)).containsExactly(PushService.endpoint(good));
        assertThat(testPagesTo(nameA)).isEmpty();
        assertThat(testPagesTo(nameB)).isEmpty();
        ManagementInterface.request().get("/q/metrics").then()
                .body(containsString("alerts_commands_total{action=\"PUSH_SUBSCRIBE\",outcome=\"unverified\"}"))
                .body(containsString("alerts_commands_total{action=\"PUSH_SUBSCRIBE\",outcome=\"refused\"}"));
    }
}
