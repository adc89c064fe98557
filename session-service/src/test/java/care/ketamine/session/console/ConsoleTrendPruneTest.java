package care.ketamine.session.console;

import care.ketamine.testsupport.RealInfrastructure;
import care.ketamine.testsupport.SettableClock;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The station's minutes are kept only as long as the station shows them: older ones are pruned, the rest kept. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class ConsoleTrendPruneTest {

    @Inject
    ConsoleTrend trend;

    @Inject
    EntityManager entityManager;

    @Test
    void shouldPruneTheMinutesTheStationNoLongerShowsAndKeepTheRest() {
        String live = "s-" + UUID.randomUUID();
        String endedYesterday = "s-" + UUID.randomUUID();
        Instant now = SettableClock.now().truncatedTo(ChronoUnit.MINUTES);
        minute(live, now.minus(Duration.ofMinutes(45)));
        minute(live, now.minus(Duration.ofMinutes(31)));
        minute(live, now.minus(Duration.ofMinutes(29)));
        minute(live, now);
        minute(endedYesterday, now.minus(Duration.ofHours(26)));

        trend.prune();

        assertThat(minutes(live)).containsExactly(now.minus(Duration.ofMinutes(29)), now);
        assertThat(minutes(endedYesterday)).isEmpty();
        trend.prune();
        assertThat(minutes(live)).as("a repeat keeps what the station shows").hasSize(2);
    }

    private void minute(String sessionId, Instant minute) {
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                        "INSERT INTO console_trend_minute (session_id, minute, systolic, systolic_at, spo2) VALUES (?1, ?2, 130, ?2, 97)")
                .setParameter(1, sessionId).setParameter(2, minute).executeUpdate());
    }

    @SuppressWarnings("unchecked")
    private List<Instant> minutes(String sessionId) {
        return QuarkusTransaction.requiringNew().call(() -> ((List<Object>) entityManager.createNativeQuery(
                        "SELECT minute FROM console_trend_minute WHERE session_id = ?1 ORDER BY minute")
                .setParameter(1, sessionId).getResultList()).stream()
                .map(care.ketamine.platform.sql.SqlValues::instant).toList());
    }
}
