package care.ketamine.alerting.alert;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.alerts.AlertCommand;
import care.ketamine.contracts.security.DevelopmentTokens;
import care.ketamine.contracts.security.Roles;
import care.ketamine.contracts.vitals.ReadingRecorded;
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
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.security.KeyPairGenerator;
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

/** Acting on an alert takes what seeing it takes; every refusal and every override removal leaves an audit row. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class AlertAuthorizationTest {

    @Inject
    EntityManager entityManager;

    static RequestSpecification as(String subject, String role) {
        return given().auth().oauth2(DevTokens.sign(subject, role, null, Duration.ofHours(1))).contentType(ContentType.JSON);
    }

    static String someone(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static void crisis(String sessionId) {
        Instant now = Instant.now();
        TopicProbe.send(Topics.VITALS_OBSERVATIONS, sessionId, EventJson.write(EventEnvelope.wrap(ReadingRecorded.TYPE, sessionId,
                new ReadingRecorded("r-" + UUID.randomUUID(), sessionId, "d-1", 195, 100, 80, 97, now.minusSeconds(1), now),
                Clock.systemUTC())));
    }

    static String awaitAlert(String sessionId) {
        return await().atMost(Duration.ofSeconds(15)).until(() -> as("admin-1", Roles.ADMIN).queryParam("sessionId", sessionId)
                .queryParam("rule", "bp-crisis").get("/alerts").then().statusCode(200).extract().<List<String>>path("id"),
                ids -> ids.size() == 1).get(0);
    }

    long audited(String actor, String action, String target) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                        "SELECT count(*) FROM action_audit WHERE actor = ?1 AND action = ?2 AND target = ?3")
                .setParameter(1, actor).setParameter(2, action).setParameter(3, target).getSingleResult()).longValue());
    }

    @Test
    void shouldLetOnlyThePagedOnCallPersonAndAdminsActAndAuditEveryRefusal() {
        String paged = someone("nurse");
        String other = someone("nurse");
        Instant now = Instant.now();
        String overrideId = as("admin-1", Roles.ADMIN).body("{\"tier\": 1, \"staffId\": \"%s\", \"from\": \"%s\", \"to\": \"%s\", \"reason\": \"test\"}"
                        .formatted(paged, now.minusSeconds(1), now.plus(Duration.ofHours(1))))
                .post("/oncall/overrides").then().statusCode(201).extract().path("id");
        // A session alerting has not heard of: step 0 pages on-call tier 1, the override's person.
        String sessionId = "s-" + UUID.randomUUID();
        crisis(sessionId);
        String alertId = awaitAlert(sessionId);
        as("admin-1", Roles.ADMIN).get("/alerts/{id}/notifications", alertId).then().body("recipient", org.hamcrest.Matchers.hasItem(paged));

        // On call, but not paged for this alert: neither acknowledge nor resolve, nor read it; nothing changes.
        as(other, Roles.ON_CALL).body("{}").post("/alerts/{id}/acknowledge", alertId).then().statusCode(403)
                .contentType("application/problem+json");
        as(other, Roles.ON_CALL).body("{\"comment\": \"not mine\"}").post("/alerts/{id}/resolve", alertId).then().statusCode(403)
                .contentType("application/problem+json");
        as(other, Roles.ON_CALL).get("/alerts/{id}", alertId).then().statusCode(403);
        // A clinician: not their session.
        as(someone("dr"), Roles.CLINICIAN).body("{}").post("/alerts/{id}/acknowledge", alertId).then().statusCode(403);
        as("admin-1", Roles.ADMIN).get("/alerts/{id}", alertId).then().body("status", equalTo("OPEN"))
                .body("acknowledgedBy", org.hamcrest.Matchers.nullValue());
        assertThat(audited(other, "alert.acknowledge.denied", alertId)).isEqualTo(1);
        assertThat(audited(other, "alert.resolve.denied", alertId)).isEqualTo(1);
        assertThat(audited(other, "alert.read.denied", alertId)).isEqualTo(1);

        as(paged, Roles.ON_CALL).body("{}").post("/alerts/{id}/acknowledge", alertId).then().statusCode(200)
                .body("acknowledgedBy", equalTo(paged));
        as("admin-1", Roles.ADMIN).body("{\"comment\": \"Handled by the nurse\"}").post("/alerts/{id}/resolve", alertId)
                .then().statusCode(200).body("status", equalTo("RESOLVED"));

        as("admin-1", Roles.ADMIN).delete("/oncall/overrides/{id}", overrideId).then().statusCode(204);
        assertThat(audited("admin-1", "oncall.override.deleted", overrideId)).isEqualTo(1);
        assertThat(QuarkusTransaction.requiringNew().call(() -> (String) entityManager.createNativeQuery(
                "SELECT detail FROM action_audit WHERE action = 'oncall.override.deleted' AND target = ?1")
                .setParameter(1, overrideId).getSingleResult())).contains(paged).contains("tier 1");
    }

    @Test
    void shouldShowAClinicianWhoIsAlsoOnCallTheirOwnSessionsAndWhatTheyWerePagedForButNothingElse() {
        String both = someone("dr");
        Instant now = Instant.now();
        as("admin-1", Roles.ADMIN).body("{\"tier\": 1, \"staffId\": \"%s\", \"from\": \"%s\", \"to\": \"%s\", \"reason\": \"test\"}"
                        .formatted(both, now.minusSeconds(1), now.plus(Duration.ofHours(1))))
                .post("/oncall/overrides").then().statusCode(201);
        // Their own session; another clinician's; and one alerting has not heard of, paged to on-call tier 1 (them).
        String own = "s-" + UUID.randomUUID();
        String others = "s-" + UUID.randomUUID();
        String escalated = "s-" + UUID.randomUUID();
        LifecycleProbe.changed(own, "CHECKED_IN", now.minusSeconds(60), both, "test");
        LifecycleProbe.changed(others, "CHECKED_IN", now.minusSeconds(60), someone("dr"), "test");
        await().atMost(Duration.ofSeconds(10)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> WatchedSession.findById(own) != null && WatchedSession.findById(others) != null));
        crisis(own);
        crisis(others);
        crisis(escalated);
        String ownAlert = awaitAlert(own);
        String othersAlert = awaitAlert(others);
        String escalatedAlert = awaitAlert(escalated);
        await().atMost(Duration.ofSeconds(10)).until(() -> as("admin-1", Roles.ADMIN).get("/alerts/{id}/notifications", escalatedAlert)
                .then().extract().<List<String>>path("recipient").contains(both));

        RequestSpecification asBoth = given().auth().oauth2(DevTokens.signWithRoles(both, List.of(Roles.CLINICIAN, Roles.ON_CALL),
                Duration.ofHours(1))).contentType(ContentType.JSON);
        List<String> listed = asBoth.get("/alerts").then().statusCode(200).extract().path("id");
        assertThat(listed).contains(ownAlert, escalatedAlert).doesNotContain(othersAlert);
        given().auth().oauth2(DevTokens.signWithRoles(both, List.of(Roles.ON_CALL, Roles.CLINICIAN), Duration.ofHours(1)))
                .get("/alerts/{id}", othersAlert).then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(DevTokens.signWithRoles(both, List.of(Roles.CLINICIAN, Roles.ON_CALL), Duration.ofHours(1)))
                .contentType(ContentType.JSON).body("{}").post("/alerts/{id}/acknowledge", othersAlert).then().statusCode(403);
        as("admin-1", Roles.ADMIN).get("/alerts/{id}", othersAlert).then().body("status", equalTo("OPEN"));

        // Acting on either of theirs, recorded in their most privileged role.
        for (String alertId : List.of(ownAlert, escalatedAlert)) {
            given().auth().oauth2(DevTokens.signWithRoles(both, List.of(Roles.ON_CALL, Roles.CLINICIAN), Duration.ofHours(1)))
                    .contentType(ContentType.JSON).body("{}").post("/alerts/{id}/acknowledge", alertId).then().statusCode(200)
                    .body("acknowledgedBy", equalTo(both));
        }
        assertThat(QuarkusTransaction.requiringNew().call(() -> (String) entityManager.createNativeQuery(
                "SELECT acknowledged_role FROM alert WHERE id = ?1").setParameter(1, UUID.fromString(escalatedAlert))
                .getSingleResult())).isEqualTo(Roles.CLINICIAN);
    }

    private static void command(String alertId, String json) {
        TopicProbe.send(Topics.ALERTS_COMMANDS, alertId, json);
    }

    private static String command(String alertId, String action, String comment, String token) {
        return EventJson.write(EventEnvelope.wrap(AlertCommand.TYPE, alertId,
                new AlertCommand(UUID.fromString(alertId), action, comment, token), Clock.systemUTC()));
    }

    @Test
    void shouldApplyAConsoleCommandOnlyAsTheVerifiedTokensEntitledHolder() throws Exception {
        String clinician = someone("dr");
        String sessionId = "s-" + UUID.randomUUID();
        LifecycleProbe.changed(sessionId, "CHECKED_IN", Instant.now().minusSeconds(60), clinician, "test");
        await().atMost(Duration.ofSeconds(10)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> WatchedSession.findById(sessionId)) != null);
        crisis(sessionId);
        String alertId = awaitAlert(sessionId);

        // Forgeries first, on the alert's partition: an old-shaped record naming an admin in plain fields...
        command(alertId, """
                {"eventId": "%s", "type": "alert.command", "schemaVersion": 1, "occurredAt": "%s", "aggregateId": "%s",
                 "payload": {"alertId": "%s", "action": "RESOLVE", "actor": "admin-1", "actorRole": "admin", "comment": "forged"}}"""
                .formatted(UUID.randomUUID(), Instant.now(), alertId, alertId));
        // ...an admin token signed with someone else's key...
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        java.nio.file.Path pem = java.nio.file.Files.createTempFile("other-key", ".pem");
        java.nio.file.Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\n" + java.util.Base64.getMimeEncoder()
                .encodeToString(generator.generateKeyPair().getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        String otherKey = DevelopmentTokens.withKey(pem).sign("admin-1", Roles.ADMIN, null, Duration.ofMinutes(5),
                java.util.List.of(care.ketamine.contracts.security.Audiences.ALERT_COMMANDS),
                ",\"alert_id\":\"" + alertId + "\",\"action\":\"RESOLVE\"");
        java.nio.file.Files.delete(pem);
        command(alertId, command(alertId, "RESOLVE", "forged", otherKey));
        // ...the same token with its signature cut off or altered...
        String admin = DevTokens.forAlertCommand("admin-1", Roles.ADMIN, alertId, "RESOLVE");
        command(alertId, command(alertId, "RESOLVE", "forged", admin.substring(0, admin.lastIndexOf('.') + 1)));
        // ...a token long expired, a valid token of a clinician of another session, and none at all.
        command(alertId, command(alertId, "RESOLVE", "forged",
                DevTokens.forAlertCommand(clinician, Roles.CLINICIAN, alertId, "RESOLVE", Duration.ofMinutes(-30))));
        command(alertId, command(alertId, "RESOLVE", "forged", DevTokens.forAlertCommand(someone("dr"), Roles.CLINICIAN, alertId, "RESOLVE")));
        command(alertId, command(alertId, "RESOLVE", "forged", null));
        // ...the clinician's own tokens for the APIs and the console, which are not command tokens (audience)...
        command(alertId, command(alertId, "RESOLVE", "forged", DevTokens.sign(clinician, Roles.CLINICIAN, null, Duration.ofHours(1))));
        command(alertId, command(alertId, "RESOLVE", "forged", DevTokens.forConsole(clinician, Roles.CLINICIAN)));
        // ...and the clinician's command tokens for another alert, and for acknowledging, used to resolve.
        command(alertId, command(alertId, "RESOLVE", "forged",
                DevTokens.forAlertCommand(clinician, Roles.CLINICIAN, UUID.randomUUID().toString(), "RESOLVE")));
        command(alertId, command(alertId, "RESOLVE", "forged", DevTokens.forAlertCommand(clinician, Roles.CLINICIAN, alertId, "ACKNOWLEDGE")));
        // Then the session's clinician, from the console.
        command(alertId, command(alertId, "ACKNOWLEDGE", "Calling the sitter",
                DevTokens.forAlertCommand(clinician, Roles.CLINICIAN, alertId, "ACKNOWLEDGE")));

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> as("admin-1", Roles.ADMIN).get("/alerts/{id}", alertId)
                .then().body("status", equalTo("ACKNOWLEDGED")).body("acknowledgedBy", equalTo(clinician))
                .body("acknowledgement", equalTo("Calling the sitter")).body("resolvedBy", org.hamcrest.Matchers.nullValue()));
        assertThat(QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                        "SELECT count(*) FROM action_audit WHERE action = 'alert.command.denied' AND target = ?1")
                .setParameter(1, alertId).getSingleResult()).longValue())).isEqualTo(9);
        ManagementInterface.request().get("/q/metrics").then().body(containsString("alerts_commands_total{action=\"RESOLVE\",outcome=\"unverified\"}"))
                .body(containsString("alerts_commands_total{action=\"RESOLVE\",outcome=\"forbidden\"}"))
                .body(containsString("alerts_commands_total{action=\"ACKNOWLEDGE\",outcome=\"applied\"}"));
    }

    @Test
    void shouldRefuseAClinicianOfAnotherSessionAndLetTheSessionsClinicianAct() {
        String clinician = someone("dr");
        String sessionId = "s-" + UUID.randomUUID();
        LifecycleProbe.changed(sessionId, "CHECKED_IN", Instant.now().minusSeconds(60), clinician, "test");
        await().atMost(Duration.ofSeconds(10)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> WatchedSession.findById(sessionId)) != null);
        crisis(sessionId);
        String alertId = awaitAlert(sessionId);
        String stranger = someone("dr");
        as(stranger, Roles.CLINICIAN).body("{}").post("/alerts/{id}/acknowledge", alertId).then().statusCode(403);
        as(stranger, Roles.CLINICIAN).body("{\"comment\": \"x\"}").post("/alerts/{id}/resolve", alertId).then().statusCode(403);
        assertThat(audited(stranger, "alert.resolve.denied", alertId)).isEqualTo(1);
        as(clinician, Roles.CLINICIAN).body("{\"comment\": \"Retest normal\"}").post("/alerts/{id}/resolve", alertId)
                .then().statusCode(200).body("resolvedBy", equalTo(clinician));
    }
}
