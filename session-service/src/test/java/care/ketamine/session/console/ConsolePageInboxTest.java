package care.ketamine.session.console;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.alerts.NotificationOutcome;
import care.ketamine.contracts.security.Roles;
import care.ketamine.testsupport.DevTokens;
import care.ketamine.testsupport.RealInfrastructure;
import care.ketamine.testsupport.TopicProbe;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * The pages alerting sent to a person's live screens, shown on their console: showing one sends its delivery
 * receipt to alerting once, as that person, and only that person's console can.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class ConsolePageInboxTest {

    @Inject
    EntityManager entityManager;

    private static RequestSpecification console(String person) {
        return given().cookie("console_token", DevTokens.forConsole(person, Roles.ON_CALL)).header("X-Console-Request", "1")
                .contentType("application/json");
    }

    private static void sent(UUID notificationId, UUID alertId, String recipient, String channel) {
        TopicProbe.send(Topics.ALERTS_EVENTS, "s-1", EventJson.write(EventEnvelope.wrap(NotificationOutcome.SENT, "s-1",
                new NotificationOutcome(notificationId, alertId, "s-1", 0, "PAGE", recipient, Roles.ON_CALL, channel, 1, null,
                        Instant.now()), Clock.systemUTC())));
    }

    private static List<String> pagesOf(String person) {
        return console(person).get("/console/api/pages").then().statusCode(200).extract().path("notificationId");
    }

    @SuppressWarnings("unchecked")
    private List<String> receiptsFor(UUID alertId) {
        return QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                        "SELECT payload FROM outbox_event WHERE event_type = 'alert.command' AND record_key = ?1")
                .setParameter(1, alertId.toString()).getResultList());
    }

    @Test
    void shouldShowAPersonTheirScreenPagesAndSendOneReceiptAsThem() {
        String nurse = "nurse-" + UUID.randomUUID().toString().substring(0, 8);
        UUID alertId = UUID.randomUUID();
        UUID onScreen = UUID.randomUUID();
        UUID byGateway = UUID.randomUUID();
        sent(byGateway, alertId, nurse, "webhook");
        sent(onScreen, alertId, nurse, "sse");
        await().atMost(Duration.ofSeconds(10)).until(() -> pagesOf(nurse).contains(onScreen.toString()));
        assertThat(pagesOf(nurse)).containsExactly(onScreen.toString()); // the gateway's page is not the console's to answer

        // Someone else's console neither sees it nor can answer for it.
        assertThat(pagesOf("nurse-other")).doesNotContain(onScreen.toString());
        console("nurse-other").post("/console/api/pages/{id}/shown", onScreen).then().statusCode(404)
                .contentType("application/problem+json");
        given().header("X-Console-Request", "1").contentType("application/json").post("/console/api/pages/{id}/shown", onScreen).then().statusCode(401);
        assertThat(receiptsFor(alertId)).isEmpty();

        console(nurse).post("/console/api/pages/{id}/shown", onScreen).then().statusCode(202).body("sent", equalTo(true));
        console(nurse).post("/console/api/pages/{id}/shown", onScreen).then().statusCode(202).body("sent", equalTo(false));
        assertThat(receiptsFor(alertId)).singleElement().satisfies(payload -> assertThat(payload)
                .contains("\"action\":\"RECEIVED\"").contains("\"notificationId\":\"" + onScreen + "\""));
        assertThat(pagesOf(nurse)).doesNotContain(onScreen.toString());
    }

    @Test
    void shouldTakeAnAlertLinkFromAnEmailOrSmsToItsSessionForSignedInStaffOnly() {
        UUID alertId = UUID.randomUUID();
        String sessionId = UUID.randomUUID().toString();
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                        "INSERT INTO console_alert (alert_id, session_id, status, version, snapshot, updated_at) VALUES (?1, ?2, 'OPEN', 1, '{}', ?3)")
                .setParameter(1, alertId).setParameter(2, sessionId).setParameter(3, Instant.now()).executeUpdate());
        String nurse = DevTokens.forConsole("nurse-1", Roles.ON_CALL);

        given().redirects().follow(false).cookie("console_token", nurse).get("/console/alerts/{id}", alertId).then().statusCode(303)
                .header("Location", org.hamcrest.Matchers.endsWith("/console/sessions/" + sessionId));
        given().redirects().follow(false).cookie("console_token", nurse).get("/console/alerts/{id}", UUID.randomUUID()).then()
                .statusCode(303).header("Location", org.hamcrest.Matchers.endsWith("/console/on-call"));
        given().redirects().follow(false).cookie("console_token", nurse).get("/console/alerts/not-an-alert").then()
                .statusCode(303).header("Location", org.hamcrest.Matchers.endsWith("/console/on-call"));
        given().redirects().follow(false).get("/console/alerts/{id}", alertId).then().statusCode(303)
                .header("Location", org.hamcrest.Matchers.endsWith("/console/login"));
    }

    @Test
    void shouldDropAPageDeliveredElsewhereAndRefuseWhatIsNotAPage() {
        String nurse = "nurse-" + UUID.randomUUID().toString().substring(0, 8);
        UUID alertId = UUID.randomUUID();
        UUID onScreen = UUID.randomUUID();
        sent(onScreen, alertId, nurse, "sse");
        await().atMost(Duration.ofSeconds(10)).until(() -> pagesOf(nurse).contains(onScreen.toString()));

        // Delivered by another of the person's screens (or an SMS receipt): nothing left for this console to answer.
        TopicProbe.send(Topics.ALERTS_EVENTS, "s-1", EventJson.write(EventEnvelope.wrap(NotificationOutcome.DELIVERED, "s-1",
                new NotificationOutcome(onScreen, alertId, "s-1", 0, "PAGE", nurse, Roles.ON_CALL, "sse", 1, null, Instant.now()),
                Clock.systemUTC())));
        await().atMost(Duration.ofSeconds(10)).until(() -> pagesOf(nurse).isEmpty());

        console(nurse).post("/console/api/pages/{id}/shown", "not-a-page").then().statusCode(404);
        console(nurse).post("/console/api/pages/{id}/shown", UUID.randomUUID()).then().statusCode(404);
        given().cookie("console_token", DevTokens.forConsole(nurse, Roles.ON_CALL)).contentType("application/json")
                .post("/console/api/pages/{id}/shown", onScreen).then().statusCode(403); // no X-Console-Request: not the console
        given().cookie("console_token", DevTokens.forConsole("intake-1", Roles.INTAKE)).header("X-Console-Request", "1")
                .get("/console/api/pages").then().statusCode(403);
        assertThat(receiptsFor(alertId)).isEmpty();
    }

    @Test
    void shouldSendAPushedPagesReceiptAsThePersonItWasForOnly() {
        String nurse = "nurse-" + UUID.randomUUID().toString().substring(0, 8);
        UUID alertId = UUID.randomUUID();
        UUID pushed = UUID.randomUUID();
        String body = "{\"alertId\": \"" + alertId + "\"}";
        // Before the console has heard that the alert was paged to the person: not theirs to answer (yet).
        console(nurse).body(body).post("/console/api/pages/{id}/pushed", pushed).then().statusCode(404)
                .contentType("application/problem+json");
        sent(pushed, alertId, nurse, "push");
        await().atMost(Duration.ofSeconds(10)).until(() -> console(nurse).body(body)
                .post("/console/api/pages/{id}/pushed", pushed).then().extract().statusCode() == 202);
        assertThat(receiptsFor(alertId)).singleElement().satisfies(payload -> assertThat(payload)
                .contains("\"action\":\"RECEIVED\"").contains("\"notificationId\":\"" + pushed + "\""));
        // A push page is not one the console's own list answers for.
        assertThat(pagesOf(nurse)).doesNotContain(pushed.toString());

        // Nobody else answers for it; nothing without the console's header, a body or a sign-in.
        console("nurse-other").body(body).post("/console/api/pages/{id}/pushed", pushed).then().statusCode(404);
        console(nurse).body("{}").post("/console/api/pages/{id}/pushed", pushed).then().statusCode(400)
                .contentType("application/problem+json").body("violations.field", equalTo(List.of("alertId")))
                .body("violations[0].rule", equalTo("is required"));
        console(nurse).post("/console/api/pages/{id}/pushed", pushed).then().statusCode(400)
                .contentType("application/problem+json").body("violations.field", equalTo(List.of("body")));
        given().cookie("console_token", DevTokens.forConsole(nurse, Roles.ON_CALL)).contentType("application/json").body(body)
                .post("/console/api/pages/{id}/pushed", pushed).then().statusCode(403);
        given().header("X-Console-Request", "1").contentType("application/json").body(body)
                .post("/console/api/pages/{id}/pushed", pushed).then().statusCode(401);
        assertThat(receiptsFor(alertId)).hasSize(1);
    }

    @Test
    void shouldServeTheServiceWorkerUnderTheConsolesScope() {
        given().get("/console/push-worker.js").then().statusCode(200).contentType(org.hamcrest.Matchers.startsWith("text/javascript"))
                .body(org.hamcrest.Matchers.containsString("showNotification"))
                .body(org.hamcrest.Matchers.containsString("requireInteraction: true"))
                .body(org.hamcrest.Matchers.containsString("/pushed"));
    }
}
