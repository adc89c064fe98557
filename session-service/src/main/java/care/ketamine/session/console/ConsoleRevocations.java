package care.ketamine.session.console;

import care.ketamine.platform.security.RevokedTokens;
import care.ketamine.platform.sql.MissedRun;
import care.ketamine.platform.sql.SqlValues;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which unexpired console tokens session-service no longer accepts: those whose holder signed out. Asked on
 * every request (service-platform's VerifiedTokens), so it answers from memory; the memory is reloaded from the
 * database every 15 s, so another replica's sign-out takes effect here well within a minute. A deactivated
 * clinician's tokens are refused by service-platform's DeactivatedAccounts (see DeactivatedClinicians).
 */
@ApplicationScoped
public class ConsoleRevocations implements RevokedTokens {

    private static final Logger LOG = Logger.getLogger(ConsoleRevocations.class);

    private final EntityManager entityManager;
    private final Clock clock;
    private volatile Map<String, Instant> signedOut = new ConcurrentHashMap<>();

    public ConsoleRevocations(EntityManager entityManager, Clock clock) {
        this.entityManager = entityManager;
        this.clock = clock;
    }

    @Override
    public String revoked(String subject, String tokenId) {
        return tokenId != null && signedOut.containsKey(tokenId) ? "signed out" : null;
    }

    /** This replica learns of a sign-out at once; others at their next reload. */
    void signedOut(String jti, Instant expiresAt) {
        signedOut.put(jti, expiresAt);
    }

    /** At start a failure fails the start: a replica that cannot know who signed out must not serve the console. */
    void load(@Observes StartupEvent started) {
        reloadNow();
    }

    @Scheduled(every = "15s", delayed = "15s", skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void reload() {
        try {
            reloadNow();
        } catch (RuntimeException e) {
            // What this replica knows stays in force; the next reload tries again.
            MissedRun.log(LOG, "console sign-outs not reloaded", e);
        }
    }

    @SuppressWarnings("unchecked")
    private void reloadNow() {
        QuarkusTransaction.requiringNew().run(() -> {
            Map<String, Instant> tokens = new ConcurrentHashMap<>();
            ((List<Object[]>) entityManager.createNativeQuery(
                            "SELECT jti, expires_at FROM revoked_console_token WHERE expires_at > ?1")
                    .setParameter(1, clock.instant()).getResultList())
                    .forEach(row -> tokens.put((String) row[0], SqlValues.instant(row[1])));
            Instant now = clock.instant();
            // A sign-out is never undone: keep what this replica learnt and the database may not show yet.
            signedOut.forEach((jti, expiresAt) -> {
                if (expiresAt.isAfter(now)) {
                    tokens.putIfAbsent(jti, expiresAt);
                }
            });
            signedOut = tokens;
        });
    }
}
