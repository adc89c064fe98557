package care.ketamine.alerting.session;

import care.ketamine.contracts.MalformedEventException;
import care.ketamine.contracts.Topics;
import care.ketamine.testsupport.LifecycleProbe;
import care.ketamine.testsupport.RealInfrastructure;
import care.ketamine.testsupport.TestInfrastructure;
import care.ketamine.testsupport.TopicProbe;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
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

    private static final String DEAD_LETTERS = Topics.deadLetter(Topics.SESSIONS_LIFECYCLE);

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
        String sentinel = "sentinel-" + UUID.randomUUID();
        TopicProbe.send(DEAD_LETTERS, sentinel, "{}");
        assertThat(TopicProbe.awaitRecords(DEAD_LETTERS, r -> sessionId.equals(r.key()) || sentinel.equals(r.key()),
                Duration.ofSeconds(10))).as("nothing of the session parked").extracting(ConsumerRecord::key)
                .containsOnly(sentinel);
    }

    @Test
    void shouldParkAnUnreadableRecordWithTheReasonAndGoOnWithTheNext() {
        String sessionId = "session-unreadable-" + UUID.randomUUID();
        String marker = UUID.randomUUID().toString();
        TopicProbe.send(Topics.SESSIONS_LIFECYCLE, sessionId, "{not an event " + marker);
        LifecycleProbe.changed(sessionId, "CHECKED_IN", Instant.now(), "dr-1", "test");

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> session(sessionId) != null);
        ConsumerRecord<String, String> parked = TopicProbe.awaitRecords(DEAD_LETTERS,
                r -> r.value() != null && r.value().contains(marker), Duration.ofSeconds(15)).get(0);
        assertThat(parked.key()).isEqualTo(sessionId);
        assertThat(parked.value()).as("the record unchanged").isEqualTo("{not an event " + marker);
        assertThat(header(parked, "dead-letter-reason")).startsWith("record is not valid JSON").doesNotContain(marker);
        assertThat(header(parked, "dead-letter-exception-class-name")).isEqualTo(MalformedEventException.class.getName());
        assertThat(header(parked, "dead-letter-topic")).isEqualTo(Topics.SESSIONS_LIFECYCLE);
        assertThat(header(parked, "dead-letter-partition")).isNotBlank();
        assertThat(header(parked, "dead-letter-offset")).isNotBlank();
        assertThat(header(parked, "dead-letter-consumer")).isEqualTo("alerting-sessions");
    }

    private static WatchedSession session(String sessionId) {
        return QuarkusTransaction.requiringNew().call(() -> WatchedSession.findById(sessionId));
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
