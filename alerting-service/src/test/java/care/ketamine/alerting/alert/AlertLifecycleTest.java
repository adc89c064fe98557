package care.ketamine.alerting.alert;

import care.ketamine.alerting.notification.WebhookReceiver;
import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.alerts.AlertCommand;
import care.ketamine.contracts.security.Roles;
import care.ketamine.contracts.vitals.CheckInPrompted;
import care.ketamine.contracts.vitals.PatientCheckedIn;
import care.ketamine.contracts.vitals.ReadingRecorded;
import care.ketamine.contracts.vitals.SitterCheckedIn;
import care.ketamine.testsupport.ManagementInterface;
import care.ketamine.testsupport.DevTokens;
import care.ketamine.testsupport.LifecycleProbe;
import care.ketamine.testsupport.RealInfrastructure;
import care.ketamine.testsupport.TopicProbe;
import care.ketamine.alerting.session.WatchedSession;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@WithTestResource(RealInfrastructure.class)
@WithTestResource(WebhookReceiver.class)
class AlertLifecycleTest {

    @jakarta.inject.Inject
    jakarta.persistence.EntityManager entityManager;

    private static RequestSpecification as(String subject, String role) {
        return given().auth().oauth2(DevTokens.sign(subject, role, null, Duration.ofHours(1))).contentType(ContentType.JSON);
    }

    private static RequestSpecification admin() {
        return as("admin-1", Roles.ADMIN);
    }

    /** A session of this clinician, checked in, known to alerting. */
    private static String session(String clinician) {
        String sessionId = "s-" + UUID.randomUUID();
        LifecycleProbe.changed(sessionId, "CHECKED_IN", Instant.now().minusSeconds(60), clinician, "test");
        await().atMost(Duration.ofSeconds(10)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> WatchedSession.findById(sessionId)) != null);
        return sessionId;
    }

    private static void reading(String sessionId, int systolic, int diastolic, Integer spo2) {
        Instant now = Instant.now();
        ReadingRecorded r = new ReadingRecorded("r-" + UUID.randomUUID(), sessionId, "device-1", systolic, diastolic, 80, spo2,
                now.minusSeconds(1), now);
        TopicProbe.send(Topics.VITALS_OBSERVATIONS, sessionId,
                EventJson.write(EventEnvelope.wrap(ReadingRecorded.TYPE, sessionId, r, Clock.systemUTC())));
    }

    /** The session's one unresolved (or, with status, other) alert of the rule, once it is there. */
    private static String awaitAlert(String sessionId, String rule, String status) {
        return await().atMost(Duration.ofSeconds(15)).until(() -> admin().queryParam("status", status)
                .queryParam("sessionId", sessionId).queryParam("rule", rule).get("/alerts")
                .then().statusCode(200).extract().<List<String>>path("id"), ids -> ids.size() == 1).get(0);
    }

    @Test
    void shouldPageTheClinicianThenLetThemAcknowledgeAndResolveWithEventsOut() {
        String sessionId = session("dr-1");
        reading(sessionId, 192, 124, 97);
        String alertId = awaitAlert(sessionId, "bp-crisis", "open");

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> admin().get("/alerts/{id}/notifications", alertId)
                .then().statusCode(200)
                .body("channel", hasItems("webhook", "sse")).body("recipient", hasItem("dr-1"))
                .body("status", hasItems("SENT")).body("findAll { it.status != 'SENT' }.size()", equalTo(0)));
        assertThat(WebhookReceiver.RECEIVED).anySatisfy(r -> assertThat(r.body()).contains(alertId).contains("\"kind\":\"PAGE\""))
                .allSatisfy(r -> assertThat(r.signed()).isTrue());

        as("dr-2", Roles.CLINICIAN).body("{}").post("/alerts/{id}/acknowledge", alertId).then().statusCode(403)
                .contentType("application/problem+json");
        as("dr-1", Roles.CLINICIAN).body("{\"comment\": \"Calling the patient\"}").post("/alerts/{id}/acknowledge", alertId)
                .then().statusCode(200).body("status", equalTo("ACKNOWLEDGED")).body("acknowledgedBy", equalTo("dr-1"))
                .body("acknowledgement", equalTo("Calling the patient"));
        as("dr-1", Roles.CLINICIAN).body("{}").post("/alerts/{id}/acknowledge", alertId).then().statusCode(409);
        as("dr-1", Roles.CLINICIAN).body("{}").post("/alerts/{id}/resolve", alertId).then().statusCode(400)
                .body("violations[0].field", equalTo("comment"));
        as("dr-1", Roles.CLINICIAN).body("{\"comment\": \"Retest 138/88 after 5 minutes\"}").post("/alerts/{id}/resolve", alertId)
                .then().statusCode(200).body("status", equalTo("RESOLVED")).body("resolvedBy", equalTo("dr-1"));
        // The clinician sees their own session's alerts; another clinician does not.
        as("dr-1", Roles.CLINICIAN).queryParam("status", "resolved").queryParam("sessionId", sessionId).get("/alerts")
                .then().statusCode(200).body("size()", equalTo(1));
        as("dr-2", Roles.CLINICIAN).queryParam("status", "resolved").queryParam("sessionId", sessionId).get("/alerts")
                .then().statusCode(200).body("size()", equalTo(0));
        // Every read of alerts is audited, even one that found nothing.
        assertThat(QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                "SELECT count(*) FROM read_audit WHERE actor = 'dr-2' AND action = 'alerts.list' AND session_id = ?1")
                .setParameter(1, sessionId).getSingleResult()).longValue())).isEqualTo(1);

        List<String> types = TopicProbe.awaitRecords(Topics.ALERTS_EVENTS,
                r -> sessionId.equals(r.key()) && r.value().contains("alert.resolved"), Duration.ofSeconds(15)).isEmpty()
                ? List.of() : TopicProbe.awaitRecords(Topics.ALERTS_EVENTS, r -> sessionId.equals(r.key()), Duration.ofSeconds(5))
                .stream().map(r -> EventJson.typeOf(r.value())).toList();
        assertThat(types).contains("alert.raised", "notification.sent", "alert.acknowledged", "alert.resolved");
        ManagementInterface.request().get("/q/metrics").then().body(containsString("alerts_time_to_acknowledge_seconds"))
                .body(containsString("alerts_detection_latency_seconds_bucket{from=\"broker\""));
    }

    @Test
    void shouldEscalateAnUnacknowledgedCriticalAlertToTier1ThenTier2WithTheInstructionToCall() {
        String nurse = "nurse-" + UUID.randomUUID().toString().substring(0, 8);
        String doctor = "doctor-" + UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now();
        for (Object[] cover : new Object[][]{{1, nurse}, {2, doctor}}) {
            admin().body("{\"tier\": %d, \"staffId\": \"%s\", \"from\": \"%s\", \"to\": \"%s\", \"reason\": \"test\"}"
                    .formatted(cover[0], cover[1], now.minusSeconds(1), now.plus(Duration.ofHours(1))))
                    .post("/oncall/overrides").then().statusCode(201);
        }
        given().auth().oauth2(DevTokens.forRole(Roles.ON_CALL)).get("/oncall/now").then().statusCode(200)
                .body("staffId", equalTo(List.of(nurse, doctor)));
        admin().body("""
                [{"number": 0, "afterSeconds": 0, "target": "CLINICIAN"},
                 {"number": 1, "afterSeconds": 2, "target": "ON_CALL_TIER_1"},
                 {"number": 2, "afterSeconds": 4, "target": "ON_CALL_TIER_2", "instruction": "Call the sitter and the emergency contact now"}]""")
                .put("/escalation-policies/critical").then().statusCode(200).body("steps.size()", equalTo(3));
        try {
            String sessionId = session("dr-1");
            reading(sessionId, 120, 80, 84);
            String alertId = awaitAlert(sessionId, "spo2-low", "open");
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> admin().get("/alerts/{id}", alertId).then()
                    .body("escalationStep", equalTo(2)));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> admin().get("/alerts/{id}/notifications", alertId)
                    .then().body("findAll { it.channel == 'webhook' }.recipient", equalTo(List.of("dr-1", nurse, doctor)))
                    .body("findAll { it.channel == 'webhook' }.kind", equalTo(List.of("PAGE", "ESCALATION", "ESCALATION"))));
            assertThat(WebhookReceiver.RECEIVED).anySatisfy(r -> assertThat(r.body()).contains(doctor)
                    .contains("Call the sitter and the emergency contact now").contains("+1 415 555 0188").contains("+1 415 555 0101"));
            // The nurse on call sees what was escalated to them, and acknowledges it.
            as(nurse, Roles.ON_CALL).get("/alerts").then().statusCode(200).body("id", hasItem(alertId));
            as(nurse, Roles.ON_CALL).body("{}").post("/alerts/{id}/acknowledge", alertId).then().statusCode(200);
            assertThat(TopicProbe.awaitRecords(Topics.ALERTS_EVENTS, r -> r.value().contains("alert.escalated")
                    && r.value().contains(alertId), Duration.ofSeconds(10))).hasSize(2);
        } finally {
            admin().body("""
                    [{"number": 0, "afterSeconds": 0, "target": "CLINICIAN"},
                     {"number": 1, "afterSeconds": 120, "target": "ON_CALL_TIER_1"},
                     {"number": 2, "afterSeconds": 300, "target": "ON_CALL_TIER_2", "instruction": "Call the sitter and the emergency contact now"}]""")
                    .put("/escalation-policies/critical").then().statusCode(200);
        }
    }

    @Test
    void shouldRetryAWebhookHonouring429AndRecordAGiveUp() {
        String flaky = awaitAlert(sessionWithCrisis("flaky-dr-" + UUID.randomUUID()), "bp-crisis", "open");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> admin().get("/alerts/{id}/notifications", flaky).then()
                .body("find { it.channel == 'webhook' }.status", equalTo("SENT"))
                .body("find { it.channel == 'webhook' }.attempts", equalTo(3)));

        String down = awaitAlert(sessionWithCrisis("down-dr-" + UUID.randomUUID()), "bp-crisis", "open");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> admin().get("/alerts/{id}/notifications", down).then()
                .body("find { it.channel == 'webhook' }.status", equalTo("FAILED"))
                .body("find { it.channel == 'webhook' }.attempts", equalTo(4))
                .body("find { it.channel == 'webhook' }.lastError", containsString("gave up after 4 attempts")));
        assertThat(TopicProbe.awaitRecords(Topics.ALERTS_EVENTS, r -> r.value().contains("notification.failed")
                && r.value().contains(down), Duration.ofSeconds(10))).isNotEmpty();
    }

    private static String sessionWithCrisis(String clinician) {
        String sessionId = session(clinician);
        reading(sessionId, 190, 110, 97);
        return sessionId;
    }

    @Test
    void shouldWorsenTheSameAlertAndReopenItWhenTheConditionReturnsWithinFiveMinutes() {
        String sessionId = session("dr-1");
        reading(sessionId, 120, 80, 89); // one spot value below 90: a warning
        String alertId = awaitAlert(sessionId, "spo2-low", "open");
        admin().get("/alerts/{id}", alertId).then().body("severity", equalTo("WARNING"));
        reading(sessionId, 120, 80, 88); // the next one too: critical
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> admin().get("/alerts/{id}", alertId).then()
                .body("severity", equalTo("CRITICAL")).body("occurrences", equalTo(2)).body("worstValue", equalTo("88 %")));
        reading(sessionId, 120, 80, 97);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> admin().get("/alerts/{id}", alertId).then()
                .body("clearedAt", org.hamcrest.Matchers.notNullValue()));
        admin().body("{\"comment\": \"Probe was off the finger\"}").post("/alerts/{id}/resolve", alertId).then().statusCode(200);
        reading(sessionId, 120, 80, 89);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> admin().get("/alerts/{id}", alertId).then()
                .body("status", equalTo("OPEN")).body("reopenings", equalTo(1)).body("resolvedBy", nullValue()));
    }

    @Test
    void shouldInformOfAFailedGateAndResolveNothingWhenTheSessionEnds() {
        String sessionId = session("dr-1");
        LifecycleProbe.changed(sessionId, "HELD", Instant.now(), "dr-1", "gate failed: BP 170/95 is above 160/90");
        String gate = awaitAlert(sessionId, "pre-dose-gate", "open");
        admin().get("/alerts/{id}", gate).then().body("severity", equalTo("INFO")).body("summary", containsString("170/95"));
        reading(sessionId, 195, 100, 97);
        String crisis = awaitAlert(sessionId, "bp-crisis", "open");
        // The session already has an alert out: the next problem updates that page rather than paging anew.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            admin().get("/alerts/{id}/notifications", gate).then().body("kind", hasItem("PAGE"));
            admin().get("/alerts/{id}/notifications", crisis).then().body("kind", hasItem("UPDATE"))
                    .body("kind", org.hamcrest.Matchers.not(hasItem("PAGE")));
        });

        for (String end : List.of("ABORTED", "COMPLETED", "CANCELLED", "HANDED_OVER")) {
            LifecycleProbe.changed(sessionId, end, Instant.now().plusSeconds(1), "dr-1", "patient unwell");
            await().atMost(Duration.ofSeconds(10)).until(() -> QuarkusTransaction.requiringNew()
                    .call(() -> WatchedSession.<WatchedSession>findById(sessionId).state).equals(end));
            // No alert is resolved because the session ended: a person resolves each, with a comment.
            admin().queryParam("status", "open").queryParam("sessionId", sessionId).get("/alerts").then().statusCode(200)
                    .body("rule", hasItems("pre-dose-gate", "bp-crisis", "bp-rise"));
            admin().queryParam("status", "resolved").queryParam("sessionId", sessionId).get("/alerts").then().statusCode(200)
                    .body("$", org.hamcrest.Matchers.empty());
        }
        admin().body("{}").post("/alerts/{id}/resolve", crisis).then().statusCode(400)
                .contentType("application/problem+json").body("violations[0].field", equalTo("comment"));
        admin().body("{\"comment\": \"Spoke with the patient after handover; BP 150/90 at the ER\"}")
                .post("/alerts/{id}/resolve", crisis).then().statusCode(200);
        admin().get("/alerts/{id}", crisis).then().body("status", equalTo("RESOLVED")).body("resolvedBy", equalTo("admin-1"));
    }

    @Test
    void shouldRaiseMissedCheckInsSitterConcernsAndTakeAcknowledgementsFromTheConsole() {
        String sessionId = session("dr-1");
        Instant due = Instant.now().minus(Duration.ofMinutes(11));
        String promptId = UUID.randomUUID().toString();
        TopicProbe.send(Topics.VITALS_OBSERVATIONS, sessionId, EventJson.write(EventEnvelope.wrap(CheckInPrompted.TYPE, sessionId,
                new CheckInPrompted(promptId, sessionId, "patient", 3, due, due), Clock.systemUTC())));
        String missed = awaitAlert(sessionId, "check-in-missed-patient", "open");
        admin().get("/alerts/{id}", missed).then().body("severity", equalTo("CRITICAL"));
        TopicProbe.send(Topics.VITALS_OBSERVATIONS, sessionId, EventJson.write(EventEnvelope.wrap(PatientCheckedIn.TYPE, sessionId,
                new PatientCheckedIn("c-1", promptId, sessionId, "device-1", 1, 1, 1, 2, 2, true, Instant.now(), Instant.now()),
                Clock.systemUTC())));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> admin().get("/alerts/{id}", missed).then()
                .body("clearedAt", org.hamcrest.Matchers.notNullValue()));

        TopicProbe.send(Topics.VITALS_OBSERVATIONS, sessionId, EventJson.write(EventEnvelope.wrap(SitterCheckedIn.TYPE, sessionId,
                new SitterCheckedIn("s-1", null, sessionId, "phone-1", 2, true, Instant.now(), Instant.now()), Clock.systemUTC())));
        String concern = awaitAlert(sessionId, "sitter-concern", "open");
        admin().get("/alerts/{id}", concern).then().body("severity", equalTo("CRITICAL")).body("latestValue", equalTo("MOAA/S 2"));

        TopicProbe.send(Topics.ALERTS_COMMANDS, concern, EventJson.write(EventEnvelope.wrap(AlertCommand.TYPE, concern,
                new AlertCommand(UUID.fromString(concern), "ACKNOWLEDGE", "On the phone with the sitter",
                        DevTokens.forAlertCommand("dr-1", Roles.CLINICIAN, concern, "ACKNOWLEDGE")),
                Clock.systemUTC())));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> admin().get("/alerts/{id}", concern).then()
                .body("status", equalTo("ACKNOWLEDGED")).body("acknowledgedBy", equalTo("dr-1")));
    }
}
