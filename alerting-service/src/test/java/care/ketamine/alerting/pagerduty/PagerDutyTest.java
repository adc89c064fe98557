package care.ketamine.alerting.pagerduty;

import care.ketamine.alerting.notification.NotificationChannel;
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
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * PagerDuty both ways against its documented protocol on loopback: a page triggers an incident keyed by the alert's id,
 * our acknowledgement and resolution follow it there, and PagerDuty's signed webhook acknowledges and resolves ours,
 * without our telling it back what it told us.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
@WithTestResource(PagerDutyReceiver.class)
class PagerDutyTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Inject
    EntityManager entityManager;

    private static RequestSpecification admin() {
        return given().auth().oauth2(DevTokens.sign("admin-1", Roles.ADMIN, null, Duration.ofHours(1)));
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

    private static PagerDutyReceiver.Received event(String alertId, String action) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> PagerDutyReceiver.RECEIVED.stream()
                .filter(r -> r.event().path("dedup_key").asText().equals(alertId)
                        && r.event().path("event_action").asText().equals(action)).findFirst(), Optional::isPresent).get();
    }

    private static long events(String alertId, String action) {
        return PagerDutyReceiver.RECEIVED.stream().filter(r -> r.event().path("dedup_key").asText().equals(alertId)
                && r.event().path("event_action").asText().equals(action)).count();
    }

    private Object[] pagerDutyPage(String alertId) {
        return QuarkusTransaction.requiringNew().call(() -> (Object[]) entityManager.createNativeQuery(
                        "SELECT status, provider_ref, receipt FROM notification WHERE alert_id = ?1 AND channel = 'pagerduty'")
                .setParameter(1, UUID.fromString(alertId)).getSingleResult());
    }

    private static Map<String, Object> alert(String alertId) {
        return admin().get("/alerts/{id}", alertId).then().statusCode(200).extract().jsonPath().getMap("");
    }

    private static io.restassured.response.Response webhook(String body, String signature) {
        RequestSpecification request = given().contentType(ContentType.JSON).body(body.getBytes(StandardCharsets.UTF_8));
        if (signature != null) {
            request = request.header("X-PagerDuty-Signature", signature);
        }
        return request.post("/delivery/pagerduty/webhook");
    }

    private static String signed(String body) {
        return PagerDutySignature.sign(PagerDutyReceiver.WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8),
                body.getBytes(StandardCharsets.UTF_8));
    }

    /** A v3 webhook event as PagerDuty sends it (trimmed to the fields that matter, plus a few that do not). */
    private static String incident(String type, String incidentKey, String agent) {
        return """
                {"event":{"id":"01DEN1HNLCXZ9ZRVN7FDZ5A0AA","event_type":"%s","resource_type":"incident",
                 "occurred_at":"2026-11-28T10:00:00.000Z",
                 "agent":{"html_url":"https://clinic.pagerduty.com/users/PLH1HKV","id":"PLH1HKV","self":"https://api.pagerduty.com/users/PLH1HKV",
                          "summary":"%s","type":"user_reference"},
                 "client":null,
                 "data":{"id":"PGR0VU2","type":"incident","self":"https://api.pagerduty.com/incidents/PGR0VU2",
                         "html_url":"https://clinic.pagerduty.com/incidents/PGR0VU2","number":2,"status":"acknowledged",
                         "incident_key":"%s","created_at":"2026-11-28T09:59:00Z","title":"CRITICAL: blood pressure crisis",
                         "urgency":"high"}}}""".formatted(type, agent, incidentKey);
    }

    @Test
    void shouldTriggerAnIncidentKeyedByTheAlertThenAcknowledgeAndResolveIt() throws Exception {
        String clinician = "dr-" + UUID.randomUUID();
        String alertId = crisisOf(clinician);

        PagerDutyReceiver.Received trigger = event(alertId, "trigger");
        assertThat(trigger.errors()).isEmpty();
        assertThat(trigger.answered()).isEqualTo(202);
        JsonNode event = trigger.event();
        assertThat(event.path("routing_key").asText()).isEqualTo(PagerDutyReceiver.ROUTING_KEY);
        JsonNode payload = event.path("payload");
        assertThat(payload.path("severity").asText()).isEqualTo("critical");
        assertThat(payload.path("summary").asText()).startsWith("CRITICAL: blood pressure crisis");
        assertThat(payload.path("source").asText()).isEqualTo("ketamine-monitoring");
        JsonNode details = payload.path("custom_details");
        assertThat(details.path("rule").asText()).isEqualTo("bp-crisis");
        assertThat(details.path("recipient").asText()).isEqualTo(clinician);
        assertThat(details.path("escalation_step").asInt()).isZero();
        assertThat(details.path("console").asText()).isEqualTo("https://console.clinic.example/console/on-call?alert=" + alertId);
        // Nothing about the patient: no session, no reading.
        String sessionId = (String) alert(alertId).get("sessionId");
        assertThat(event.toString()).doesNotContain(sessionId).doesNotContain("195").doesNotContain("latestValue");

        await().atMost(Duration.ofSeconds(10)).until(() -> "SENT".equals(pagerDutyPage(alertId)[0]));
        assertThat((String) pagerDutyPage(alertId)[1]).startsWith(alertId + "#");

        admin().contentType(ContentType.JSON).body(Map.of("comment", "calling the patient"))
                .post("/alerts/{id}/acknowledge", alertId).then().statusCode(200);
        PagerDutyReceiver.Received acknowledge = event(alertId, "acknowledge");
        assertThat(acknowledge.errors()).isEmpty();
        assertThat(acknowledge.event().path("routing_key").asText()).isEqualTo(PagerDutyReceiver.ROUTING_KEY);

        admin().contentType(ContentType.JSON).body(Map.of("comment", "BP back to 150/95 after rest"))
                .post("/alerts/{id}/resolve", alertId).then().statusCode(200);
        PagerDutyReceiver.Received resolve = event(alertId, "resolve");
        assertThat(resolve.errors()).isEmpty();
        assertThat(resolve.answered()).isEqualTo(202);
        assertThat(events(alertId, "acknowledge")).isEqualTo(1);
    }

    @Test
    void shouldAcknowledgeAndResolveOurAlertFromPagerDutysSignedWebhookWithoutTellingItBack() {
        String alertId = crisisOf("dr-" + UUID.randomUUID());
        await().atMost(Duration.ofSeconds(10)).until(() -> "SENT".equals(pagerDutyPage(alertId)[0]));
        String acknowledged = incident("incident.acknowledged", alertId, "Ada Oncall");

        // Unsigned, forged, or signed for another body: refused, and nothing changes.
        webhook(acknowledged, null).then().statusCode(401).contentType(equalTo("application/problem+json"));
        webhook(acknowledged, "v1=" + "00".repeat(32)).then().statusCode(403).contentType(equalTo("application/problem+json"));
        webhook(acknowledged, signed(acknowledged.replace("Ada Oncall", "Eve"))).then().statusCode(403);
        webhook(acknowledged, PagerDutySignature.sign("another-secret-0123456789".getBytes(StandardCharsets.UTF_8),
                acknowledged.getBytes(StandardCharsets.UTF_8))).then().statusCode(403);
        assertThat(alert(alertId).get("status")).isEqualTo("OPEN");

        // Signed (while PagerDuty rotates its secret, one of several signatures): acknowledged here.
        webhook(acknowledged, "v1=" + "ab".repeat(32) + ", " + signed(acknowledged)).then().statusCode(202)
                .body("outcome", equalTo("acknowledged"));
        Map<String, Object> after = alert(alertId);
        assertThat(after.get("status")).isEqualTo("ACKNOWLEDGED");
        assertThat(after.get("acknowledgedBy")).isEqualTo("pagerduty:Ada Oncall");
        Object[] page = pagerDutyPage(alertId);
        assertThat(page[0]).isEqualTo("DELIVERED");
        assertThat(page[2]).isEqualTo("acknowledged in PagerDuty by Ada Oncall");

        // A replay changes nothing.
        webhook(acknowledged, signed(acknowledged)).then().statusCode(202).body("outcome", equalTo("unchanged"));
        assertThat(alert(alertId).get("version")).isEqualTo(after.get("version"));
        assertThat(alert(alertId).get("acknowledgedAt")).isEqualTo(after.get("acknowledgedAt"));

        String resolved = incident("incident.resolved", alertId, "Ada Oncall");
        webhook(resolved, signed(resolved)).then().statusCode(202).body("outcome", equalTo("resolved"));
        assertThat(alert(alertId).get("status")).isEqualTo("RESOLVED");
        assertThat(alert(alertId).get("resolvedBy")).isEqualTo("pagerduty:Ada Oncall");
        webhook(resolved, signed(resolved)).then().statusCode(202).body("outcome", equalTo("unchanged"));

        // What PagerDuty told us is not told back to it.
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> true);
        assertThat(events(alertId, "acknowledge")).isZero();
        assertThat(events(alertId, "resolve")).isZero();
        Number queued = QuarkusTransaction.requiringNew().call(() -> (Number) entityManager.createNativeQuery(
                "SELECT count(*) FROM pagerduty_update WHERE alert_id = ?1").setParameter(1, UUID.fromString(alertId)).getSingleResult());
        assertThat(queued.intValue()).isZero();
    }

    @Test
    void shouldTakeButIgnoreSignedEventsThatAreNotOursToActOn() {
        for (String body : List.of(incident("incident.acknowledged", UUID.randomUUID().toString(), "Ada"),
                incident("incident.acknowledged", "some-other-services-key", "Ada"),
                incident("incident.annotated", UUID.randomUUID().toString(), "Ada"),
                "{\"event\":{}}")) {
            webhook(body, signed(body)).then().statusCode(202).body("outcome", equalTo("ignored"));
        }
        webhook("not json", signed("not json")).then().statusCode(400).contentType(equalTo("application/problem+json"));
    }

    @Test
    void shouldRefuseWhatPagerDutyRefusesAndRetryWhatItCannotTakeNow() {
        PagerDutyEvents wrongKey = new PagerDutyEvents(Optional.of("not-the-routing-key"), URI.create(PagerDutyReceiver.base),
                Duration.ofSeconds(2), MAPPER);
        NotificationChannel.Delivery refused = wrongKey.send(Map.of("event_action", "acknowledge", "dedup_key", UUID.randomUUID().toString()));
        assertThat(refused.outcome()).isEqualTo(NotificationChannel.Outcome.REFUSED);
        assertThat(refused.error()).contains("400").contains("Event object is invalid").contains("Invalid routing key");

        PagerDutyEvents events = new PagerDutyEvents(Optional.of(PagerDutyReceiver.ROUTING_KEY), URI.create(PagerDutyReceiver.base),
                Duration.ofSeconds(2), MAPPER);
        NotificationChannel.Delivery unavailable = events.send(Map.of("event_action", "resolve", "dedup_key", "unavailable-1"));
        assertThat(unavailable.outcome()).isEqualTo(NotificationChannel.Outcome.RETRY);
        assertThat(unavailable.retryAfter()).isEqualTo(Duration.ofSeconds(1));

        for (String url : List.of("http://events.pagerduty.com", "ftp://events.pagerduty.com", "http://10.0.0.5")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new PagerDutyEvents(Optional.of("key"), URI.create(url),
                    Duration.ofSeconds(1), MAPPER)).as(url).isInstanceOf(IllegalStateException.class);
        }
        assertThat(PagerDutyChannel.severity("CRITICAL")).isEqualTo("critical");
        assertThat(PagerDutyChannel.severity("WARNING")).isEqualTo("warning");
        assertThat(PagerDutyChannel.severity("INFO")).isEqualTo("info");
    }
}
