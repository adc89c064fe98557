package care.ketamine.alerting.escalation;

import care.ketamine.alerting.session.WatchedSession;
import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.security.Roles;
import care.ketamine.contracts.vitals.ReadingRecorded;
import care.ketamine.testsupport.DevTokens;
import care.ketamine.testsupport.LifecycleProbe;
import care.ketamine.testsupport.RealInfrastructure;
import care.ketamine.testsupport.SettableClock;
import care.ketamine.testsupport.TopicProbe;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterEach;
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
 * The default critical policy on the service's clock, moved forward by the test: nobody but the
 * clinician is told before 2 minutes; tier 1 at 2 minutes; tier 2 at 5, with the call instruction.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class EscalationClockTest {

    @Inject
    EscalationTimers timers;

    /** Until a whole round of the escalation timers has run since now (one may be half done). */
    private void awaitTimerRoundsFromNow() {
        long done = timers.roundsDone();
        await().atMost(Duration.ofSeconds(10)).until(() -> timers.roundsDone() >= done + 2);
    }

    @AfterEach
    void realTimeAgain() {
        SettableClock.reset();
    }

    private static RequestSpecification admin() {
        return given().auth().oauth2(DevTokens.forRole(Roles.ADMIN)).contentType(ContentType.JSON);
    }

    private static List<String> recipients(String alertId) {
        return admin().get("/alerts/{id}/notifications", alertId).then().statusCode(200).extract().path("recipient");
    }

    @Test
    void shouldEscalateACriticalAlertAt2And5MinutesOnTheServiceClock() {
        admin().get("/escalation-policies").then().statusCode(200)
                .body("find { it.severity == 'CRITICAL' }.steps.afterSeconds", equalTo(List.of(0, 120, 300)));
        String nurse = "nurse-" + UUID.randomUUID().toString().substring(0, 8);
        String doctor = "doctor-" + UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now();
        for (Object[] cover : new Object[][]{{1, nurse}, {2, doctor}}) {
            admin().body("{\"tier\": %d, \"staffId\": \"%s\", \"from\": \"%s\", \"to\": \"%s\", \"reason\": \"test\"}"
                    .formatted(cover[0], cover[1], now.minusSeconds(1), now.plus(Duration.ofHours(1))))
                    .post("/oncall/overrides").then().statusCode(201);
        }
        String sessionId = "clock-" + UUID.randomUUID();
        LifecycleProbe.changed(sessionId, "MONITORING", now.minusSeconds(60), "dr-1", "test");
        await().atMost(Duration.ofSeconds(10)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> WatchedSession.findById(sessionId)) != null);
        TopicProbe.send(Topics.VITALS_OBSERVATIONS, sessionId, EventJson.write(EventEnvelope.wrap(ReadingRecorded.TYPE, sessionId,
                new ReadingRecorded("r-1", sessionId, "d-1", 190, 100, 80, 97, now, now), Clock.systemUTC())));
        String alertId = await().atMost(Duration.ofSeconds(10)).until(() -> admin().queryParam("sessionId", sessionId)
                .queryParam("rule", "bp-crisis").get("/alerts").then().extract().<List<String>>path("id"), ids -> ids.size() == 1).get(0);
        await().atMost(Duration.ofSeconds(10)).until(() -> recipients(alertId).contains("dr-1"));

        SettableClock.advance(Duration.ofSeconds(110));
        awaitTimerRoundsFromNow();
        assertThat(recipients(alertId)).doesNotContain(nurse);

        SettableClock.advance(Duration.ofSeconds(11)); // 2 min 1 s after it was raised
        await().atMost(Duration.ofSeconds(10)).until(() -> recipients(alertId).contains(nurse));
        admin().get("/alerts/{id}", alertId).then().body("escalationStep", equalTo(1));
        awaitTimerRoundsFromNow();
        assertThat(recipients(alertId)).doesNotContain(doctor);

        SettableClock.advance(Duration.ofMinutes(3)); // 5 min 1 s
        await().atMost(Duration.ofSeconds(10)).until(() -> recipients(alertId).contains(doctor));
        admin().get("/alerts/{id}", alertId).then().body("escalationStep", equalTo(2));
        admin().get("/alerts/{id}/notifications", alertId).then()
                .body("findAll { it.recipient == '" + doctor + "' }.kind", equalTo(List.of("ESCALATION")));
    }

    @Test
    void shouldKeepEscalatingAnOpenCriticalAlertAfterTheSessionEndedUntilAPersonResolvesIt() {
        String nurse = "nurse-" + UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now();
        admin().body("{\"tier\": 1, \"staffId\": \"%s\", \"from\": \"%s\", \"to\": \"%s\", \"reason\": \"test\"}"
                        .formatted(nurse, now.minusSeconds(1), now.plus(Duration.ofHours(1))))
                .post("/oncall/overrides").then().statusCode(201);
        String sessionId = "ended-" + UUID.randomUUID();
        LifecycleProbe.changed(sessionId, "MONITORING", now.minusSeconds(60), "dr-1", "test");
        await().atMost(Duration.ofSeconds(10)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> WatchedSession.findById(sessionId)) != null);
        TopicProbe.send(Topics.VITALS_OBSERVATIONS, sessionId, EventJson.write(EventEnvelope.wrap(ReadingRecorded.TYPE, sessionId,
                new ReadingRecorded("r-1", sessionId, "d-1", 190, 100, 80, 97, now, now), Clock.systemUTC())));
        String alertId = await().atMost(Duration.ofSeconds(10)).until(() -> admin().queryParam("sessionId", sessionId)
                .queryParam("rule", "bp-crisis").get("/alerts").then().extract().<List<String>>path("id"), ids -> ids.size() == 1).get(0);

        // Aborted after the dose, then handed over to emergency services: monitoring ends, the alert does not.
        LifecycleProbe.changed(sessionId, "ENDED_EARLY", now, "dr-1", "patient asked to stop");
        LifecycleProbe.changed(sessionId, "HANDED_OVER", now.plusSeconds(1), "dr-1", "911 called");
        await().atMost(Duration.ofSeconds(10)).until(() -> "HANDED_OVER".equals(QuarkusTransaction.requiringNew()
                .call(() -> WatchedSession.<WatchedSession>findById(sessionId).state)));
        admin().get("/alerts/{id}", alertId).then().body("status", equalTo("OPEN")).body("severity", equalTo("CRITICAL"));

        SettableClock.advance(Duration.ofSeconds(121));
        await().atMost(Duration.ofSeconds(10)).until(() -> recipients(alertId).contains(nurse));
        admin().get("/alerts/{id}", alertId).then().body("status", equalTo("OPEN")).body("escalationStep", equalTo(1));

        String clinician = DevTokens.sign("dr-1", Roles.CLINICIAN, null, Duration.ofHours(1));
        given().auth().oauth2(clinician).contentType(ContentType.JSON).body("{\"comment\": \"  \"}")
                .post("/alerts/{id}/resolve", alertId).then().statusCode(400);
        given().auth().oauth2(clinician).contentType(ContentType.JSON)
                .body("{\"comment\": \"ER confirmed BP under control\"}")
                .post("/alerts/{id}/resolve", alertId).then().statusCode(200);
        admin().get("/alerts/{id}", alertId).then().body("status", equalTo("RESOLVED")).body("resolvedBy", equalTo("dr-1"));
    }
}
