package care.ketamine.alerting.session;

import care.ketamine.contracts.Topics;
import care.ketamine.testsupport.LifecycleProbe;
import care.ketamine.testsupport.ParkedRecords;
import care.ketamine.testsupport.RealInfrastructure;
import care.ketamine.testsupport.TestInfrastructure;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The session projection on the real broker and PostgreSQL: a lifecycle event is not lost to a database outage,
 * and a record that is not an event is parked with the reason while the consumer goes on.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class SessionWatchProjectionTest {

    @Test
    void shouldApplyAnEventTakenWhileTheDatabaseIsDownOnceItIsBackAndParkNothing() throws InterruptedException {
        String sessionId = "session-outage-" + UUID.randomUUID();
        TestInfrastructure infrastructure = TestInfrastructure.shared();
        infrastructure.stopPostgres();
        try {
            LifecycleProbe.changed(sessionId, "MONITORING", Instant.now(), "dr-outage", "test");
            // Longer than the pool's wait for a connection (5 s) plus every attempt a failure that is not the
            // database's gets: an event failed for the outage would be on the dead-letter topic by now.
            Thread.sleep(20_000);
        } finally {
            infrastructure.startPostgres();
        }

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> session(sessionId) != null);
        assertThat(session(sessionId).state).isEqualTo("MONITORING");
        assertThat(session(sessionId).clinicianId).isEqualTo("dr-outage");
        ParkedRecords.assertNothingParkedUnder(Topics.SESSIONS_LIFECYCLE, sessionId, Duration.ofSeconds(10));
    }

    @Test
    void shouldParkAnUnreadableRecordWithTheReasonAndGoOnWithTheNext() {
        String sessionId = "session-unreadable-" + UUID.randomUUID();
        String marker = ParkedRecords.sendUnreadable(Topics.SESSIONS_LIFECYCLE, sessionId);
        LifecycleProbe.changed(sessionId, "CHECKED_IN", Instant.now(), "dr-1", "test");

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> session(sessionId) != null);
        ParkedRecords.assertParkedUnreadable(Topics.SESSIONS_LIFECYCLE, sessionId, marker, "alerting-sessions",
                Duration.ofSeconds(15));
    }

    private static WatchedSession session(String sessionId) {
        return QuarkusTransaction.requiringNew().call(() -> WatchedSession.findById(sessionId));
    }
}
