package care.ketamine.vitals.live;

import care.ketamine.contracts.security.Roles;
import care.ketamine.testsupport.DevTokens;
import care.ketamine.testsupport.RealInfrastructure;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static care.ketamine.vitals.SessionFixture.checkedIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The platform's stream limits (StreamLimits), as vitals' observation stream applies them. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class StreamLimitsTest {

    @Inject
    EntityManager entityManager;

    @TestHTTPResource("/sessions")
    URL sessions;

    private String streamOf(String session) {
        return sessions + "/" + session + "/observations/stream";
    }

    private static String admin(String subject, Duration lifetime) {
        return DevTokens.sign(subject, Roles.ADMIN, null, lifetime);
    }

    @Test
    void shouldRefuseAPersonsSixthOpenStreamWith429() throws Exception {
        String session = checkedIn();
        String token = admin("admin-" + UUID.randomUUID(), Duration.ofHours(1));
        List<SseSubscriber> open = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) { // live.streams.per-user
                open.add(new SseSubscriber(streamOf(session), token, null));
                assertThat(open.get(i).status).isEqualTo(200);
            }
            try (SseSubscriber sixth = new SseSubscriber(streamOf(session), token, null)) {
                assertThat(sixth.status).isEqualTo(429);
            }
            // Someone else is not held back by that person's streams.
            try (SseSubscriber other = new SseSubscriber(streamOf(session), admin("admin-" + UUID.randomUUID(),
                    Duration.ofHours(1)), null)) {
                assertThat(other.status).isEqualTo(200);
            }
        } finally {
            open.forEach(SseSubscriber::close);
        }
    }

    @Test
    void shouldCloseAStreamWhenItsTokenExpires() throws Exception {
        String session = checkedIn();
        java.time.Instant opened = java.time.Instant.now();
        try (SseSubscriber stream = new SseSubscriber(streamOf(session), admin("admin-" + UUID.randomUUID(),
                Duration.ofSeconds(3)), null)) {
            assertThat(stream.status).isEqualTo(200);
            assertThat(stream.endsWithin(Duration.ofSeconds(10))).as("ended at the token's expiry").isTrue();
            assertThat(Duration.between(opened, java.time.Instant.now())).as("not before").isGreaterThan(Duration.ofMillis(1500));
        }
    }

    @Test
    void shouldReplayAtMostTheLatest2000EventsWhenAResumeAsksForMore() throws Exception {
        String session = checkedIn();
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("""
                        INSERT INTO observation_feed (session_id, kafka_offset, event_id, type, event)
                        SELECT ?1, n, gen_random_uuid(), 'reading.recorded', '{"n":' || n || '}' FROM generate_series(1, 2100) n""")
                .setParameter(1, session).executeUpdate());

        try (SseSubscriber resumed = new SseSubscriber(streamOf(session), admin("admin-" + UUID.randomUUID(),
                Duration.ofHours(1)), "0")) {
            assertThat(resumed.status).isEqualTo(200);
            await().atMost(Duration.ofSeconds(20)).until(() -> resumed.ids().contains("2100"));
            await().pollDelay(Duration.ofMillis(500)).until(() -> true);
            // Clamped, not refused: the latest live.streams.max-replay events, in order.
            assertThat(resumed.ids()).hasSize(2000).first().isEqualTo("101");
        }
    }
}
