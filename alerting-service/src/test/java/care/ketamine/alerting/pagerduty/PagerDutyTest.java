package care.ketamine.alerting.pagerduty;

import care.ketamine.alerting.notification.NotificationChannel;
import care.ketamine.testsupport.RealInfrastructure;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static care.ketamine.alerting.pagerduty.PagerDutyProbe.admin;
import static care.ketamine.alerting.pagerduty.PagerDutyProbe.alert;
import static care.ketamine.alerting.pagerduty.PagerDutyProbe.alertOf;
import static care.ketamine.alerting.pagerduty.PagerDutyProbe.audited;
import static care.ketamine.alerting.pagerduty.PagerDutyProbe.awaitPagedThroughPagerDuty;
import static care.ketamine.alerting.pagerduty.PagerDutyProbe.crisisOf;
import static care.ketamine.alerting.pagerduty.PagerDutyProbe.event;
import static care.ketamine.alerting.pagerduty.PagerDutyProbe.eventId;
import static care.ketamine.alerting.pagerduty.PagerDutyProbe.events;
import static care.ketamine.alerting.pagerduty.PagerDutyProbe.incident;
import static care.ketamine.alerting.pagerduty.PagerDutyProbe.key;
import static care.ketamine.alerting.pagerduty.PagerDutyProbe.pagerDutyPages;
import static care.ketamine.alerting.pagerduty.PagerDutyProbe.queuedUpdates;
import static care.ketamine.alerting.pagerduty.PagerDutyProbe.reading;
import static care.ketamine.alerting.pagerduty.PagerDutyProbe.recordedOutcome;
import static care.ketamine.alerting.pagerduty.PagerDutyProbe.session;
import static care.ketamine.alerting.pagerduty.PagerDutyProbe.signed;
import static care.ketamine.alerting.pagerduty.PagerDutyProbe.webhook;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * PagerDuty both ways against its documented protocol on loopback: a page triggers an incident keyed by the alert and
 * its escalation round, our acknowledgement and resolution follow it there, and PagerDuty's signed webhook acknowledges
 * ours (once per event, only for the alert's current round), without our telling it back what it told us. A
 * resolution in PagerDuty does not resolve ours here by default (PagerDutyResolveTest: where the clinic lets it).
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
@WithTestResource(PagerDutyReceiver.class)
class PagerDutyTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void shouldTriggerAnIncidentKeyedByTheAlertsRoundThenAcknowledgeAndResolveIt() {
        String clinician = "dr-" + UUID.randomUUID();
        String alertId = crisisOf(clinician);

        PagerDutyReceiver.Received trigger = event(key(alertId, 0), "trigger");
        assertThat(trigger.errors()).isEmpty();
        assertThat(trigger.answered()).isEqualTo(202);
        JsonNode event = trigger.event();
        assertThat(event.path("routing_key").asText()).isEqualTo(PagerDutyReceiver.ROUTING_KEY);
        JsonNode payload = event.path("payload");
        assertThat(payload.path("severity").asText()).isEqualTo("critical");
        assertThat(payload.path("summary").asText()).isEqualTo("[CRITICAL] Blood pressure in the crisis range (new alert): raised");
        assertThat(payload.path("source").asText()).isEqualTo("ketamine-monitoring");
        JsonNode details = payload.path("custom_details");
        assertThat(details.path("rule").asText()).isEqualTo("bp-crisis");
        assertThat(details.path("recipient").asText()).isEqualTo(clinician);
        assertThat(details.path("escalation_round").asInt()).isZero();
        assertThat(details.path("escalation_step").asInt()).isZero();
        String link = "https://console.clinic.example/console/alerts/" + alertId;
        assertThat(details.path("console").asText()).isEqualTo(link);
        assertThat(event.path("links").get(0).path("href").asText()).isEqualTo(link);
        // Nothing about the patient: the event holds only these fields, and none holds the session or the reading.
        assertThat(names(event)).containsExactlyInAnyOrder("routing_key", "event_action", "dedup_key", "payload", "links");
        assertThat(names(payload)).containsExactlyInAnyOrder("summary", "source", "severity", "timestamp", "component",
                "group", "class", "custom_details");
        assertThat(names(details)).isSubsetOf("rule", "kind", "reason", "escalation_round", "escalation_step",
                "measured_minutes_ago", "recipient", "recipient_role", "notification_id", "console");
        Map<String, Object> alert = alert(alertId);
        assertThat((String) alert.get("latestValue")).startsWith("195/125");
        assertThat(texts(event)).doesNotContain((String) alert.get("sessionId"), (String) alert.get("latestValue"),
                (String) alert.get("summary"));
        assertThat(String.join(" ", texts(event))).doesNotContain((String) alert.get("sessionId"))
                .doesNotContain((String) alert.get("latestValue"));

        awaitPagedThroughPagerDuty(alertId, 0);
        assertThat(pagerDutyPages(alertId, 0)).allSatisfy(page -> assertThat((String) page[1]).startsWith(key(alertId, 0) + "#"));

        admin().contentType(ContentType.JSON).body(Map.of("comment", "calling the patient"))
                .post("/alerts/{id}/acknowledge", alertId).then().statusCode(200);
        PagerDutyReceiver.Received acknowledge = event(key(alertId, 0), "acknowledge");
        assertThat(acknowledge.errors()).isEmpty();
        assertThat(acknowledge.event().path("routing_key").asText()).isEqualTo(PagerDutyReceiver.ROUTING_KEY);

        admin().contentType(ContentType.JSON).body(Map.of("comment", "BP back to 150/95 after rest"))
                .post("/alerts/{id}/resolve", alertId).then().statusCode(200);
        PagerDutyReceiver.Received resolve = event(key(alertId, 0), "resolve");
        assertThat(resolve.errors()).isEmpty();
        assertThat(resolve.answered()).isEqualTo(202);
        assertThat(events(key(alertId, 0), "acknowledge")).isEqualTo(1);
        assertThat(queuedUpdates(alertId)).containsExactly("0 acknowledge", "0 resolve");
    }

    @Test
    void shouldAcknowledgeOurAlertOnceFromPagerDutysSignedWebhookWithoutTellingItBack() {
        String alertId = crisisOf("dr-" + UUID.randomUUID());
        awaitPagedThroughPagerDuty(alertId, 0);
        String id = eventId();
        String acknowledged = incident(id, "incident.acknowledged", key(alertId, 0), "Ada Oncall");

        // Unsigned, forged, signed for another body or with another secret, too large, not a JSON object: refused.
        webhook(acknowledged, null).then().statusCode(401).contentType(equalTo("application/problem+json"));
        webhook(acknowledged, "v1=" + "00".repeat(32)).then().statusCode(403).contentType(equalTo("application/problem+json"));
        webhook(acknowledged, signed(acknowledged.replace("Ada Oncall", "Eve"))).then().statusCode(403);
        webhook(acknowledged, PagerDutySignature.sign("another-secret-0123456789".getBytes(StandardCharsets.UTF_8),
                acknowledged.getBytes(StandardCharsets.UTF_8))).then().statusCode(403);
        String oversized = acknowledged.replace("\"client\":null", "\"client\":\"" + "x".repeat(70_000) + "\"");
        webhook(oversized).then().statusCode(413).contentType(equalTo("application/problem+json"));
        webhook("[" + acknowledged + "]").then().statusCode(400).contentType(equalTo("application/problem+json"));
        assertThat(recordedOutcome(id)).isEmpty();
        assertThat(alert(alertId).get("status")).isEqualTo("OPEN");

        // Signed (while PagerDuty rotates its secret, one of several signatures): acknowledged here.
        webhook(acknowledged, "v1=" + "ab".repeat(32) + ", " + signed(acknowledged)).then().statusCode(200)
                .body("outcome", equalTo("acknowledged"));
        Map<String, Object> after = alert(alertId);
        assertThat(after.get("status")).isEqualTo("ACKNOWLEDGED");
        assertThat(after.get("acknowledgedBy")).isEqualTo("pagerduty:Ada Oncall");
        assertThat(after.get("acknowledgement")).isEqualTo("acknowledged in PagerDuty by Ada Oncall");
        assertThat(pagerDutyPages(alertId, 0)).allSatisfy(page -> {
            assertThat(page[0]).isEqualTo("DELIVERED");
            assertThat(page[2]).isEqualTo("acknowledged in PagerDuty by Ada Oncall");
        });
        assertThat(recordedOutcome(id)).contains("acknowledged");

        // The same event again changes nothing; another acknowledgement of the same incident neither.
        webhook(acknowledged).then().statusCode(200).body("outcome", equalTo("replayed"));
        String again = eventId();
        webhook(incident(again, "incident.acknowledged", key(alertId, 0), "Bob Oncall")).then().statusCode(200)
                .body("outcome", equalTo("unchanged"));
        assertThat(recordedOutcome(again)).contains("unchanged");
        assertThat(alert(alertId)).containsEntry("version", after.get("version"))
                .containsEntry("acknowledgedAt", after.get("acknowledgedAt")).containsEntry("acknowledgedBy", "pagerduty:Ada Oncall");

        // What PagerDuty told us is not told back to it: the resolution made here is the only update it hears of.
        admin().contentType(ContentType.JSON).body(Map.of("comment", "BP back to 150/95 after rest"))
                .post("/alerts/{id}/resolve", alertId).then().statusCode(200);
        event(key(alertId, 0), "resolve");
        assertThat(queuedUpdates(alertId)).containsExactly("0 resolve");
        assertThat(events(key(alertId, 0), "acknowledge")).isZero();
    }

    @Test
    void shouldNotResolveOurAlertFromPagerDutyUnlessTheClinicSaysSo() {
        String alertId = crisisOf("dr-" + UUID.randomUUID());
        awaitPagedThroughPagerDuty(alertId, 0);
        Object version = alert(alertId).get("version");

        String id = eventId();
        webhook(incident(id, "incident.resolved", key(alertId, 0), "Ada Oncall")).then().statusCode(200)
                .body("outcome", equalTo("refused"));

        assertThat(alert(alertId)).containsEntry("status", "OPEN").containsEntry("version", version)
                .containsEntry("resolvedBy", null);
        assertThat(audited("pagerduty:Ada Oncall", "alert.resolve.denied", alertId)).isEqualTo(1);
        assertThat(recordedOutcome(id)).contains("refused");
        assertThat(queuedUpdates(alertId)).isEmpty();
    }

    @Test
    void shouldIgnoreAnAcknowledgementOfAnEarlierRoundOrOneOlderThanTheRound() {
        String sessionId = session("dr-" + UUID.randomUUID());
        reading(sessionId, 120, 80, 89); // one spot value below 90: a warning
        String alertId = alertOf(sessionId, "spo2-low");
        awaitPagedThroughPagerDuty(alertId, 0);
        webhook(incident(eventId(), "incident.acknowledged", key(alertId, 0), "Ada Oncall")).then().statusCode(200)
                .body("outcome", equalTo("acknowledged"));

        reading(sessionId, 120, 80, 88); // the next one too: critical, worse since it was acknowledged: round 1
        await().atMost(Duration.ofSeconds(15)).until(() -> "CRITICAL".equals(alert(alertId).get("severity")));
        assertThat(alert(alertId)).containsEntry("status", "OPEN");
        event(key(alertId, 1), "trigger"); // a new incident for the new round
        awaitPagedThroughPagerDuty(alertId, 1);
        Object version = alert(alertId).get("version");

        // A late acknowledgement of round 0's incident, sent now, does not acknowledge the worse alert.
        String late = eventId();
        webhook(incident(late, "incident.acknowledged", key(alertId, 0), "Ada Oncall")).then().statusCode(200)
                .body("outcome", equalTo("ignored"));
        // Nor does one of round 1's incident that happened before round 1 began.
        String stale = eventId();
        webhook(incident(stale, "incident.acknowledged", key(alertId, 1), "Ada Oncall", Instant.now().minusSeconds(3600)))
                .then().statusCode(200).body("outcome", equalTo("ignored"));
        assertThat(recordedOutcome(late)).contains("ignored");
        assertThat(recordedOutcome(stale)).contains("ignored");
        assertThat(alert(alertId)).containsEntry("status", "OPEN").containsEntry("version", version);

        webhook(incident(eventId(), "incident.acknowledged", key(alertId, 1), "Bob Oncall")).then().statusCode(200)
                .body("outcome", equalTo("acknowledged"));
        assertThat(alert(alertId)).containsEntry("status", "ACKNOWLEDGED").containsEntry("acknowledgedBy", "pagerduty:Bob Oncall");

        // Resolved here: both rounds' incidents are resolved there.
        admin().contentType(ContentType.JSON).body(Map.of("comment", "Probe was off the finger"))
                .post("/alerts/{id}/resolve", alertId).then().statusCode(200);
        event(key(alertId, 0), "resolve");
        event(key(alertId, 1), "resolve");
        assertThat(queuedUpdates(alertId)).containsExactly("0 resolve", "1 resolve");
    }

    @Test
    void shouldTakeButIgnoreSignedEventsThatAreNotOursToActOn() {
        String noSuchAlert = eventId();
        for (String body : List.of(incident(noSuchAlert, "incident.acknowledged", key(UUID.randomUUID().toString(), 0), "Ada"),
                incident(eventId(), "incident.acknowledged", UUID.randomUUID().toString(), "Ada"),
                incident(eventId(), "incident.acknowledged", "some-other-services-key", "Ada"),
                incident(eventId(), "incident.annotated", key(UUID.randomUUID().toString(), 0), "Ada"),
                "{\"event\":{}}")) {
            webhook(body).then().statusCode(200).body("outcome", equalTo("ignored"));
        }
        assertThat(recordedOutcome(noSuchAlert)).contains("ignored");
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
            assertThatThrownBy(() -> new PagerDutyEvents(Optional.of("key"), URI.create(url),
                    Duration.ofSeconds(1), MAPPER)).as(url).isInstanceOf(IllegalStateException.class);
        }
        assertThat(PagerDutyChannel.severity("CRITICAL")).isEqualTo("critical");
        assertThat(PagerDutyChannel.severity("WARNING")).isEqualTo("warning");
        assertThat(PagerDutyChannel.severity("INFO")).isEqualTo("info");
    }

    @Test
    void shouldNameTheIncidentOfARoundByItsDedupKeyAndNothingElse() {
        UUID alertId = UUID.randomUUID();
        assertThat(new PagerDutyIncident(alertId, 3).dedupKey()).isEqualTo(alertId + ":3");
        assertThat(PagerDutyIncident.of(alertId + ":3")).contains(new PagerDutyIncident(alertId, 3));
        for (String notOurs : List.of(alertId.toString(), alertId + ":", alertId + ":-1", alertId + ":01", alertId + ":1:2",
                "x" + alertId + ":1", alertId + ":99999999999", "")) {
            assertThat(PagerDutyIncident.of(notOurs)).as(notOurs).isEmpty();
        }
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Every text value in the event, however deep. */
    private static List<String> texts(JsonNode node) {
        List<String> texts = new ArrayList<>();
        if (node.isValueNode()) {
            texts.add(node.asText());
        }
        node.elements().forEachRemaining(child -> texts.addAll(texts(child)));
        return texts;
    }
}
