package care.ketamine.session.console;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.alerts.AlertSnapshot;
import care.ketamine.testsupport.LifecycleProbe;
import care.ketamine.testsupport.ParkedRecords;
import care.ketamine.testsupport.RealInfrastructure;
import care.ketamine.testsupport.TopicProbe;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console's single-record consumers (session moves, alert changes, heartbeats) on the real broker: a record
 * that is not an event is parked with the kit's headers, naming the consumer, and the next record is applied.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class ConsoleProjectionTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    EntityManager entityManager;

    @Test
    void shouldParkAnUnreadableAlertChangeAndKeepTheNextOne() {
        String sessionId = UUID.randomUUID().toString();
        String marker = ParkedRecords.sendUnreadable(Topics.ALERTS_EVENTS, sessionId);
        UUID alertId = UUID.randomUUID();
        Instant now = Instant.now();
        AlertSnapshot a = new AlertSnapshot(alertId, sessionId, "p-1", "dr-1", "spo2-low", "CRITICAL", "OPEN", "SpO2 low",
                "x", "x", 1, 0, now, now, 0, null, null, null, null, null, null, 1);
        TopicProbe.send(Topics.ALERTS_EVENTS, sessionId,
                EventJson.write(EventEnvelope.wrap(AlertSnapshot.RAISED, sessionId, a, Clock.systemUTC())));

        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM console_alert WHERE alert_id = ?1", alertId) == 1);
        assertThat(count("SELECT count(*) FROM console_feed WHERE session_id = ?1", sessionId)).as("in the session's feed")
                .isEqualTo(1);
        ParkedRecords.assertParkedUnreadable(Topics.ALERTS_EVENTS, sessionId, marker, "session-console-alerts", WAIT);
    }

    @Test
    void shouldParkAnUnreadableSessionMoveAndKeepTheNextOne() {
        String sessionId = UUID.randomUUID().toString();
        String marker = ParkedRecords.sendUnreadable(Topics.SESSIONS_LIFECYCLE, sessionId);
        LifecycleProbe.changed(sessionId, "CHECKED_IN", Instant.now(), "dr-1", "test");

        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM console_feed WHERE session_id = ?1", sessionId) == 1);
        ParkedRecords.assertParkedUnreadable(Topics.SESSIONS_LIFECYCLE, sessionId, marker, "session-console-lifecycle", WAIT);
    }

    @Test
    void shouldParkAnUnreadableHeartbeat() {
        String instance = "instance-" + UUID.randomUUID();
        String marker = ParkedRecords.sendUnreadable(Topics.PLATFORM_HEARTBEATS, instance);

        ParkedRecords.assertParkedUnreadable(Topics.PLATFORM_HEARTBEATS, instance, marker, "session-pipeline", WAIT);
    }

    private long count(String sql, Object parameter) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(sql)
                .setParameter(1, parameter).getSingleResult()).longValue());
    }
}
