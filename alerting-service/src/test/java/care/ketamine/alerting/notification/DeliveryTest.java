package care.ketamine.alerting.notification;

import care.ketamine.alerting.CrisisProbe;
import care.ketamine.alerting.system.SystemAlerts;
import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.security.Roles;
import care.ketamine.testsupport.DevTokens;
import care.ketamine.testsupport.RealInfrastructure;
import care.ketamine.testsupport.SettableClock;
import care.ketamine.testsupport.TopicProbe;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * A page is delivered only on a receipt. The step's plan here: the live screens at once, the paging gateway (the
 * webhook) after 60 s if nothing was delivered by then. The service's clock is moved by the test.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
@WithTestResource(WebhookReceiver.class)
class DeliveryTest {

    private static final String SCREEN_THEN_GATEWAY = """
            [{"number": 0, "afterSeconds": 0, "target": "CLINICIAN",
              "delivery": [{"channel": "sse", "afterSeconds": 0}, {"channel": "webhook", "afterSeconds": 60}]},
             {"number": 1, "afterSeconds": 600, "target": "ON_CALL_TIER_1"}]""";
    private static final String DEFAULT_CRITICAL = """
            [{"number": 0, "afterSeconds": 0, "target": "CLINICIAN"},
             {"number": 1, "afterSeconds": 120, "target": "ON_CALL_TIER_1"},
             {"number": 2, "afterSeconds": 300, "target": "ON_CALL_TIER_2",
              "instruction": "Call the sitter and the emergency contact now"}]""";

    @Inject
    EntityManager entityManager;

    private static RequestSpecification as(String subject, String role) {
        return given().auth().oauth2(DevTokens.sign(subject, role, null, Duration.ofHours(1))).contentType(ContentType.JSON);
    }

    private static RequestSpecification admin() {
        return as("admin-1", Roles.ADMIN);
    }

    @BeforeEach
    void screenThenGateway() {
        admin().body(SCREEN_THEN_GATEWAY).put("/escalation-policies/critical").then().statusCode(200)
                .body("steps[0].delivery.channel", equalTo(List.of("sse", "webhook")));
    }

    @AfterEach
    void asBefore() {
        SettableClock.reset();
        admin().body(DEFAULT_CRITICAL).put("/escalation-policies/critical").then().statusCode(200);
    }

    /** A checked-in session of this clinician with a BP crisis: its alert's id and its session. */
    private static String[] crisisOf(String clinician) {
        CrisisProbe.Crisis crisis = CrisisProbe.of(clinician, "CHECKED_IN");
        return new String[]{crisis.alertId(), crisis.sessionId()};
    }

    private static Map<String, Object> notification(String alertId, String channel) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> admin().get("/alerts/{id}/notifications", alertId).then()
                .statusCode(200).extract().<List<Map<String, Object>>>path("findAll { it.channel == '%s' }".formatted(channel)),
                found -> !found.isEmpty()).get(0);
    }

    private static void awaitStatus(String alertId, String channel, String status) {
        await().atMost(Duration.ofSeconds(10)).until(() -> status.equals(notification(alertId, channel).get("status")));
    }

    @Test
    void shouldCountTheScreensAnswerAsDeliveryAndSkipTheGateway() {
        String clinician = "dr-" + UUID.randomUUID().toString().substring(0, 8);
        String alertId = crisisOf(clinician)[0];
        awaitStatus(alertId, "sse", "SENT");
        Map<String, Object> gateway = notification(alertId, "webhook");
        assertThat(gateway.get("status")).isEqualTo("PENDING");
        assertThat(Duration.between(Instant.parse((String) gateway.get("createdAt")), Instant.parse((String) gateway.get("dueAt"))))
                .isEqualTo(Duration.ofSeconds(60));
        String screenPage = (String) notification(alertId, "sse").get("id");

        // Only the person it was for can say their screen has it.
        as("dr-someone-else", Roles.CLINICIAN).post("/notifications/{id}/received", screenPage).then().statusCode(403);
        as("admin-1", Roles.ADMIN).post("/notifications/{id}/received", screenPage).then().statusCode(403);
        assertThat(notification(alertId, "sse").get("status")).isEqualTo("SENT");

        as(clinician, Roles.CLINICIAN).post("/notifications/{id}/received", screenPage).then().statusCode(200)
                .body("status", equalTo("DELIVERED"));
        as(clinician, Roles.CLINICIAN).post("/notifications/{id}/received", screenPage).then().statusCode(200)
                .body("status", equalTo("DELIVERED"));
        assertThat((String) notification(alertId, "sse").get("receipt")).contains("answered by " + clinician);
        TopicProbe.awaitRecords(Topics.ALERTS_EVENTS, r -> r.value().contains("notification.delivered")
                && r.value().contains(screenPage), Duration.ofSeconds(15));

        SettableClock.advance(Duration.ofSeconds(61));
        awaitStatus(alertId, "webhook", "SKIPPED");
        assertThat(notification(alertId, "webhook").get("lastError")).isEqualTo("not needed: delivered on another channel");
        assertThat(WebhookReceiver.RECEIVED).noneMatch(r -> r.body().contains(alertId));
    }

    @Test
    void shouldTakeTheConsolesReceiptOnlyFromThePersonPagedAndOnlyForThatAlert() {
        String clinician = "dr-" + UUID.randomUUID().toString().substring(0, 8);
        String alertId = crisisOf(clinician)[0];
        String otherAlert = crisisOf("dr-" + UUID.randomUUID().toString().substring(0, 8))[0];
        awaitStatus(alertId, "sse", "SENT");
        UUID screenPage = UUID.fromString((String) notification(alertId, "sse").get("id"));

        received(alertId, screenPage, "dr-someone-else");          // not theirs
        received(otherAlert, screenPage, clinician);               // a token for another alert
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> true);
        assertThat(notification(alertId, "sse").get("status")).isEqualTo("SENT");
        received(alertId, screenPage, clinician);                  // the one that counts
        awaitStatus(alertId, "sse", "DELIVERED");
        assertThat((String) notification(alertId, "sse").get("receipt")).isEqualTo("shown on " + clinician + "'s console");
        received(alertId, screenPage, clinician);                  // shown again on another screen: no change
        assertThat(notification(alertId, "sse").get("deliveredAt")).isNotNull();
    }

    private static void received(String alertId, UUID notificationId, String person) {
        TopicProbe.send(Topics.ALERTS_COMMANDS, alertId, EventJson.write(EventEnvelope.wrap(
                care.ketamine.contracts.alerts.AlertCommand.TYPE, alertId, new care.ketamine.contracts.alerts.AlertCommand(
                        UUID.fromString(alertId), "RECEIVED", null,
                        DevTokens.forAlertCommand(person, Roles.CLINICIAN, alertId, "RECEIVED"), notificationId),
                Clock.systemUTC())));
    }

    @Test
    void shouldSkipTheGatewayOnceThePageIsAcknowledged() {
        String clinician = "dr-" + UUID.randomUUID().toString().substring(0, 8);
        String alertId = crisisOf(clinician)[0];
        awaitStatus(alertId, "sse", "SENT");
        as(clinician, Roles.CLINICIAN).body("{}").post("/alerts/{id}/acknowledge", alertId).then().statusCode(200);

        SettableClock.advance(Duration.ofSeconds(61));
        awaitStatus(alertId, "webhook", "SKIPPED");
        assertThat(notification(alertId, "webhook").get("lastError")).isEqualTo("not needed: acknowledged by " + clinician);
    }

    @Test
    void shouldFallThroughToTheGatewayAndThenRaisePageNotDeliveredToTheOperators() {
        String operator = "op-" + UUID.randomUUID().toString().substring(0, 8);
        admin().body("{\"email\": \"" + operator + "@clinic.example\", \"operator\": true}")
                .put("/staff/{id}/contact", operator).then().statusCode(200);
        // A page-not-delivered alert left open by another test would only count this one; start from none open.
        admin().queryParam("sessionId", SystemAlerts.SESSION_ID).queryParam("rule", SystemAlerts.PAGE_NOT_DELIVERED)
                .get("/alerts").then().statusCode(200).extract().<List<Map<String, Object>>>path("")
                .stream().filter(a -> !"RESOLVED".equals(a.get("status")))
                .forEach(a -> admin().body("{\"comment\": \"test\"}").post("/alerts/{id}/resolve", a.get("id")).then().statusCode(200));
        String clinician = "dr-" + UUID.randomUUID().toString().substring(0, 8);
        String[] crisis = crisisOf(clinician);
        String alertId = crisis[0];
        awaitStatus(alertId, "sse", "SENT");

        // Nobody's screen answered within 60 s: the gateway is tried, and takes it.
        SettableClock.advance(Duration.ofSeconds(61));
        awaitStatus(alertId, "webhook", "SENT");
        assertThat(undelivered(alertId)).isZero();

        // Still no receipt a receipt window later: the page reached nobody.
        SettableClock.advance(Duration.ofSeconds(61));
        await().atMost(Duration.ofSeconds(15)).until(() -> undelivered(alertId) == 1);
        Map<String, Object> loud = await().atMost(Duration.ofSeconds(10)).until(() -> admin()
                .queryParam("sessionId", SystemAlerts.SESSION_ID).queryParam("rule", SystemAlerts.PAGE_NOT_DELIVERED)
                .get("/alerts").then().statusCode(200).extract().<List<Map<String, Object>>>path("findAll { it.status == 'OPEN' }"),
                open -> open.size() == 1).get(0);
        assertThat(loud.get("severity")).isEqualTo("CRITICAL");
        // Other tests' unanswered pages count too, so the latest of them may be another's.
        assertThat((String) loud.get("latestValue")).contains(" not reached about ").contains(" in session ");
        // The operators are paged about it, not the clinician who was not reached.
        await().atMost(Duration.ofSeconds(10)).until(() -> admin().get("/alerts/{id}/notifications", loud.get("id")).then()
                .statusCode(200).extract().<List<String>>path("recipient"), recipients -> recipients.contains(operator)
                && !recipients.contains(clinician));

        // Found once: the sweep does not raise it again for the same page.
        SettableClock.advance(Duration.ofSeconds(10));
        await().pollDelay(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(10)).until(() -> true);
        assertThat(undelivered(alertId)).isEqualTo(1);
    }

    private long undelivered(String alertId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager
                .createNativeQuery("SELECT count(*) FROM undelivered_page WHERE alert_id = ?1 AND step = 0")
                .setParameter(1, UUID.fromString(alertId)).getSingleResult()).longValue());
    }
}
