package care.ketamine.alerting.evaluation;

import care.ketamine.alerting.alert.Alert;
import care.ketamine.alerting.domain.TimedChecks;
import care.ketamine.alerting.session.WatchedSession;
import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.vitals.SitterPresenceChanged;
import care.ketamine.testsupport.LifecycleProbe;
import care.ketamine.testsupport.RealInfrastructure;
import care.ketamine.testsupport.SettableClock;
import care.ketamine.testsupport.TopicProbe;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sitter stepping out and back, as vitals puts it on {@code vitals.observations}, judged by the timed checks on
 * the service's clock moved forward by the test.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class SitterAwayTest {

    @Inject
    EntityManager entityManager;

    @Inject
    TimedEvaluation timedEvaluation;

    @BeforeEach
    @AfterEach
    void realTime() {
        SettableClock.reset();
    }

    /** A session dosed ten minutes ago on the service's clock, known to alerting. */
    private static String dosed() {
        String sessionId = "sitter-" + UUID.randomUUID();
        LifecycleProbe.dosed(sessionId, SettableClock.now().minus(Duration.ofMinutes(10)));
        await().atMost(Duration.ofSeconds(10)).until(() -> QuarkusTransaction.requiringNew().call(() -> {
            WatchedSession watched = WatchedSession.findById(sessionId);
            return watched != null && "DOSED".equals(watched.state);
        }));
        return sessionId;
    }

    /** The sitter's change, sent now, and handled by alerting once this returns. */
    private void presence(String sessionId, boolean present, Instant at) {
        String presenceId = "p-" + UUID.randomUUID();
        EventEnvelope<SitterPresenceChanged> event = EventEnvelope.wrap(
                EventEnvelope.idFor(SitterPresenceChanged.TYPE.name(), sessionId, presenceId), SitterPresenceChanged.TYPE, sessionId,
                new SitterPresenceChanged(presenceId, sessionId, "device-sitter", present, at, SettableClock.now()), Clock.systemUTC());
        TopicProbe.send(Topics.VITALS_OBSERVATIONS, sessionId, EventJson.write(event));
        await().atMost(Duration.ofSeconds(15)).until(() -> QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager
                .createNativeQuery("SELECT count(*) FROM processed_event WHERE event_id = ?1")
                .setParameter(1, event.eventId()).getSingleResult()).intValue()) == 1);
    }

    private static List<Alert> away(String sessionId) {
        return QuarkusTransaction.requiringNew().call(() -> Alert.<Alert>list("sessionId = ?1 and rule = ?2", sessionId,
                TimedChecks.SITTER_AWAY));
    }

    /** Until a whole sweep of the timed checks has run since now (one may be half done). */
    private void awaitSweepFromNow() {
        long done = timedEvaluation.sweepsDone();
        await().atMost(Duration.ofSeconds(10)).until(() -> timedEvaluation.sweepsDone() >= done + 2);
    }

    @Test
    void shouldWarnAfterFiveMinutesOutAndClearWhenTheSitterIsBack() {
        String sessionId = dosed();
        Instant out = SettableClock.now();
        presence(sessionId, false, out);

        // The clock also runs on in real time while the test waits: the exact edges are SitterAwayRulesTest's.
        SettableClock.advance(Duration.ofMinutes(5).minusSeconds(10));
        awaitSweepFromNow();
        assertThat(away(sessionId)).as("not yet 5 min out").isEmpty();

        SettableClock.advance(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(10)).until(() -> !away(sessionId).isEmpty());
        assertThat(away(sessionId)).singleElement().satisfies(a -> {
            assertThat(a.severity.name()).isEqualTo("WARNING");
            assertThat(a.summary).matches("The sitter stepped out 5 min( \\d+ s)? ago and has not come back");
            assertThat(a.clearedAt).isNull();
        });
        SettableClock.advance(Duration.ofMinutes(3));
        awaitSweepFromNow();
        assertThat(away(sessionId)).as("raised once, not on every sweep").singleElement()
                .satisfies(a -> assertThat(a.occurrences).isEqualTo(1));

        presence(sessionId, true, SettableClock.now());
        assertThat(away(sessionId)).singleElement().satisfies(a -> {
            assertThat(a.clearedAt).as("back: the alert stays for a person to resolve, marked as cleared").isNotNull();
            assertThat(a.status.name()).isEqualTo("OPEN");
        });
        SettableClock.advance(Duration.ofMinutes(10));
        awaitSweepFromNow();
        assertThat(away(sessionId)).singleElement().satisfies(a -> assertThat(a.clearedAt).isNotNull());
    }

    @Test
    void shouldRaiseNothingForASitterBackWithinFiveMinutesOrAnOlderChangeArrivingLate() {
        String backInTime = dosed();
        presence(backInTime, false, SettableClock.now());
        SettableClock.advance(Duration.ofMinutes(4));
        presence(backInTime, true, SettableClock.now());

        String late = dosed();
        presence(late, true, SettableClock.now());
        // The step out from a minute before arrives after the return: the return happened later and counts.
        presence(late, false, SettableClock.now().minus(Duration.ofMinutes(1)));

        SettableClock.advance(Duration.ofMinutes(10));
        awaitSweepFromNow();
        assertThat(away(backInTime)).isEmpty();
        assertThat(away(late)).isEmpty();
    }

    @Test
    void shouldStopWatchingOnceTheSessionHasEnded() {
        String sessionId = dosed();
        presence(sessionId, false, SettableClock.now());
        LifecycleProbe.state(sessionId, "COMPLETED", SettableClock.now());
        await().atMost(Duration.ofSeconds(10)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> "COMPLETED".equals(WatchedSession.<WatchedSession>findById(sessionId).state)));

        SettableClock.advance(Duration.ofMinutes(10));
        awaitSweepFromNow();
        assertThat(away(sessionId)).isEmpty();
    }
}
