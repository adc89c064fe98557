package care.ketamine.alerting.evaluation;

import care.ketamine.alerting.session.WatchedSession;
import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.security.Roles;
import care.ketamine.contracts.sessions.SessionChanged;
import care.ketamine.contracts.vitals.CheckInPrompted;
import care.ketamine.contracts.vitals.ReadingRecorded;
import care.ketamine.testsupport.DevTokens;
import care.ketamine.testsupport.RealInfrastructure;
import care.ketamine.testsupport.TopicProbe;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
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

/**
 * A dosed session aborted early (ENDED_EARLY) is still watched: device silence, missed check-ins and
 * reading rules keep raising alerts. A session that has ended (here handed over) raises no timed alert.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class AfterDoseMonitoringTest {

    @Inject
    EntityManager entityManager;

    private static RequestSpecification admin() {
        return given().auth().oauth2(DevTokens.forRole(Roles.ADMIN)).contentType(ContentType.JSON);
    }

    private static List<String> rules(String sessionId) {
        return admin().queryParam("sessionId", sessionId).get("/alerts").then().statusCode(200).extract().path("rule");
    }

    /** The session in this state, dosed at the given time, as session-service announces it after the dose. */
    private static void announce(String sessionId, String state, Instant dosedAt, Instant at) {
        SessionChanged change = new SessionChanged(sessionId, "patient-1", "dr-1", "DOSING", state, "MONITORING", state, "dr-1",
                "test", at, dosedAt.minusSeconds(600), dosedAt.plusSeconds(9000), dosedAt, null, 124, 80, 126, 82, 15, 120,
                null, null, null);
        TopicProbe.send(Topics.SESSIONS_LIFECYCLE, sessionId,
                EventJson.write(EventEnvelope.wrap(SessionChanged.TYPE, sessionId, change, Clock.systemUTC())));
    }

    /** A patient prompt issued and due 11 minutes ago, never answered. */
    private static void unansweredPrompt(String sessionId) {
        Instant due = Instant.now().minus(Duration.ofMinutes(11));
        TopicProbe.send(Topics.VITALS_OBSERVATIONS, sessionId, EventJson.write(EventEnvelope.wrap(CheckInPrompted.TYPE, sessionId,
                new CheckInPrompted(UUID.randomUUID().toString(), sessionId, "patient", 4, due, due), Clock.systemUTC())));
    }

    private void awaitKnown(String sessionId, String state) {
        await().atMost(Duration.ofSeconds(10)).until(() -> QuarkusTransaction.requiringNew().call(() -> {
            WatchedSession s = WatchedSession.findById(sessionId);
            long prompts = ((Number) entityManager.createNativeQuery("SELECT count(*) FROM prompt_watch WHERE session_id = ?1")
                    .setParameter(1, sessionId).getSingleResult()).longValue();
            return s != null && state.equals(s.state) && prompts == 1;
        }));
    }

    @Test
    void shouldKeepDeviceSilenceMissedCheckInsAndReadingRulesForADosedSessionAbortedEarlyButNotForAnEndedOne() {
        Instant dosedAt = Instant.now().minus(Duration.ofMinutes(20));
        String handedOver = "handed-over-" + UUID.randomUUID();
        announce(handedOver, "HANDED_OVER", dosedAt, Instant.now());
        unansweredPrompt(handedOver);
        awaitKnown(handedOver, "HANDED_OVER");

        // Known only after the ended session is: a sweep that raises its alerts has looked at both.
        String endedEarly = "ended-early-" + UUID.randomUUID();
        announce(endedEarly, "ENDED_EARLY", dosedAt, Instant.now());
        unansweredPrompt(endedEarly);
        awaitKnown(endedEarly, "ENDED_EARLY");
        await().atMost(Duration.ofSeconds(20)).until(() -> rules(endedEarly).containsAll(List.of("device-silent",
                "check-in-missed-patient")));
        admin().queryParam("sessionId", endedEarly).queryParam("rule", "device-silent").get("/alerts").then()
                .body("[0].severity", org.hamcrest.Matchers.equalTo("CRITICAL"));
        assertThat(rules(handedOver)).as("an ended session raises no timed alert").isEmpty();

        Instant now = Instant.now();
        TopicProbe.send(Topics.VITALS_OBSERVATIONS, endedEarly, EventJson.write(EventEnvelope.wrap(ReadingRecorded.TYPE, endedEarly,
                new ReadingRecorded("r-1", endedEarly, "d-1", 192, 104, 80, 88, now.minusSeconds(1), now), Clock.systemUTC())));
        await().atMost(Duration.ofSeconds(10)).until(() -> rules(endedEarly).containsAll(List.of("bp-crisis", "spo2-low")));
    }
}
