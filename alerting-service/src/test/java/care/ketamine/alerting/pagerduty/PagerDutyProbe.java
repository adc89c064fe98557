package care.ketamine.alerting.pagerduty;

import care.ketamine.alerting.session.WatchedSession;
import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.security.Roles;
import care.ketamine.contracts.vitals.ReadingRecorded;
import care.ketamine.testsupport.DevTokens;
import care.ketamine.testsupport.LifecycleProbe;
import care.ketamine.testsupport.TopicProbe;
import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.persistence.EntityManager;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/** What the PagerDuty tests do and look at: sessions with readings, PagerDuty's webhook events, the loopback receiver. */
final class PagerDutyProbe {

    private PagerDutyProbe() {
    }

    static RequestSpecification admin() {
        return given().auth().oauth2(DevTokens.sign("admin-1", Roles.ADMIN, null, Duration.ofHours(1)));
    }

    /** A checked-in session of this clinician, known to alerting. */
    static String session(String clinician) {
        String sessionId = "s-" + UUID.randomUUID();
        LifecycleProbe.changed(sessionId, "CHECKED_IN", Instant.now().minusSeconds(60), clinician, "test");
        await().atMost(Duration.ofSeconds(10)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> WatchedSession.findById(sessionId)) != null);
        return sessionId;
    }

    /** A spot reading (a monitor: blood pressure and SpO2) measured a second ago. */
    static void reading(String sessionId, int systolic, int diastolic, int spo2) {
        Instant now = Instant.now();
        TopicProbe.send(Topics.VITALS_OBSERVATIONS, sessionId, EventJson.write(EventEnvelope.wrap(ReadingRecorded.TYPE, sessionId,
                new ReadingRecorded("r-" + UUID.randomUUID(), sessionId, "d-1", systolic, diastolic, 80, spo2, now.minusSeconds(1), now),
                Clock.systemUTC())));
    }

    /** The session's alert of this rule, once there is one. */
    static String alertOf(String sessionId, String rule) {
        return await().atMost(Duration.ofSeconds(15)).until(() -> admin().queryParam("sessionId", sessionId)
                        .queryParam("rule", rule).get("/alerts").then().statusCode(200).extract().<List<String>>path("id"),
                ids -> ids.size() == 1).get(0);
    }

    /** A checked-in session of this clinician with a BP crisis (195/125); its alert's id. */
    static String crisisOf(String clinician) {
        String sessionId = session(clinician);
        reading(sessionId, 195, 125, 97);
        return alertOf(sessionId, "bp-crisis");
    }

    static Map<String, Object> alert(String alertId) {
        return admin().get("/alerts/{id}", alertId).then().statusCode(200).extract().jsonPath().getMap("");
    }

    static String key(String alertId, int round) {
        return alertId + ":" + round;
    }

    /** The first event of this action PagerDuty received for this dedup key, once it has. */
    static PagerDutyReceiver.Received event(String dedupKey, String action) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> PagerDutyReceiver.RECEIVED.stream()
                .filter(r -> r.event().path("dedup_key").asText().equals(dedupKey)
                        && r.event().path("event_action").asText().equals(action)).findFirst(), Optional::isPresent).get();
    }

    static long events(String dedupKey, String action) {
        return PagerDutyReceiver.RECEIVED.stream().filter(r -> r.event().path("dedup_key").asText().equals(dedupKey)
                && r.event().path("event_action").asText().equals(action)).count();
    }

    /** Each PagerDuty page of the alert's round: status, provider_ref, receipt. */
    @SuppressWarnings("unchecked")
    static List<Object[]> pagerDutyPages(String alertId, int round) {
        return QuarkusTransaction.requiringNew().call(() -> (List<Object[]>) entityManager().createNativeQuery(
                        "SELECT status, provider_ref, receipt FROM notification WHERE alert_id = ?1 AND round = ?2 AND channel = 'pagerduty'")
                .setParameter(1, UUID.fromString(alertId)).setParameter(2, round).getResultList());
    }

    /** Waits until every PagerDuty page of the round is handed over (and there is one). */
    static void awaitPagedThroughPagerDuty(String alertId, int round) {
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            List<Object[]> pages = pagerDutyPages(alertId, round);
            return !pages.isEmpty() && pages.stream().allMatch(p -> "SENT".equals(p[0]) || "DELIVERED".equals(p[0]));
        });
    }

    /** The updates queued for PagerDuty about the alert: "round action" each, in order. */
    @SuppressWarnings("unchecked")
    static List<String> queuedUpdates(String alertId) {
        return QuarkusTransaction.requiringNew().call(() -> ((List<Object[]>) entityManager().createNativeQuery(
                        "SELECT round, action FROM pagerduty_update WHERE alert_id = ?1 ORDER BY round, action")
                .setParameter(1, UUID.fromString(alertId)).getResultList()).stream().map(r -> r[0] + " " + r[1]).toList());
    }

    /** What the webhook recorded it did with this event id; empty when it has no record of it. */
    static Optional<String> recordedOutcome(String eventId) {
        return QuarkusTransaction.requiringNew().call(() -> entityManager().createNativeQuery(
                        "SELECT outcome FROM pagerduty_webhook_event WHERE event_id = ?1")
                .setParameter(1, eventId).getResultStream().findFirst().map(String::valueOf));
    }

    /** How many refusals of this action by this actor on this alert were audited. */
    static long audited(String actor, String action, String alertId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager().createNativeQuery(
                        "SELECT count(*) FROM action_audit WHERE actor = ?1 AND action = ?2 AND target = ?3")
                .setParameter(1, actor).setParameter(2, action).setParameter(3, alertId).getSingleResult()).longValue());
    }

    static io.restassured.response.Response webhook(String body, String signature) {
        RequestSpecification request = given().contentType(ContentType.JSON).body(body.getBytes(StandardCharsets.UTF_8));
        if (signature != null) {
            request = request.header("X-PagerDuty-Signature", signature);
        }
        return request.post("/delivery/pagerduty/webhook");
    }

    static String signed(String body) {
        return PagerDutySignature.sign(PagerDutyReceiver.WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8),
                body.getBytes(StandardCharsets.UTF_8));
    }

    /** Posts the body with its signature. */
    static io.restassured.response.Response webhook(String body) {
        return webhook(body, signed(body));
    }

    static String eventId() {
        return "01" + UUID.randomUUID().toString().replace("-", "").substring(0, 24).toUpperCase();
    }

    /** A v3 webhook event as PagerDuty sends it (trimmed to the fields that matter, plus a few that do not). */
    static String incident(String eventId, String type, String incidentKey, String agent, Instant occurredAt) {
        return """
                {"event":{"id":"%s","event_type":"%s","resource_type":"incident",
                 "occurred_at":"%s",
                 "agent":{"html_url":"https://clinic.pagerduty.com/users/PLH1HKV","id":"PLH1HKV","self":"https://api.pagerduty.com/users/PLH1HKV",
                          "summary":"%s","type":"user_reference"},
                 "client":null,
                 "data":{"id":"PGR0VU2","type":"incident","self":"https://api.pagerduty.com/incidents/PGR0VU2",
                         "html_url":"https://clinic.pagerduty.com/incidents/PGR0VU2","number":2,"status":"acknowledged",
                         "incident_key":"%s","created_at":"2026-11-28T09:59:00Z","title":"CRITICAL: blood pressure crisis",
                         "urgency":"high"}}}""".formatted(eventId, type, occurredAt, agent, incidentKey);
    }

    /** As above, happening now. */
    static String incident(String eventId, String type, String incidentKey, String agent) {
        return incident(eventId, type, incidentKey, agent, Instant.now());
    }

    private static EntityManager entityManager() {
        return Arc.container().instance(EntityManager.class).get();
    }
}
