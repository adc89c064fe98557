package care.ketamine.session.console;

import care.ketamine.platform.problem.FreeText;
import care.ketamine.platform.sql.SqlValues;
import care.ketamine.session.console.ConsoleUsers.ConsoleUser;
import care.ketamine.session.domain.SignInLimits;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Use case: signing in to and out of the console. Every attempt is written down (who, from where,
 * how it ended), and those rows are what the lockout counts, so every replica of session-service
 * refuses the same guesser. Signing out revokes the token at once ({@link ConsoleRevocations}).
 */
@ApplicationScoped
public class ConsoleSignIns {

    /** How an attempt ended: the user when signed in, or until when attempts are refused. */
    public record Attempt(Optional<ConsoleUser> user, Optional<Instant> lockedUntil) {
    }

    private final ConsoleUsers users;
    private final ConsoleRevocations revocations;
    private final EntityManager entityManager;
    private final Clock clock;

    public ConsoleSignIns(ConsoleUsers users, ConsoleRevocations revocations, EntityManager entityManager, Clock clock) {
        this.users = users;
        this.revocations = revocations;
        this.entityManager = entityManager;
        this.clock = clock;
    }

    @Transactional
    public Attempt signIn(String username, String password, String address) {
        Instant now = clock.instant();
        String user = recordable(username);
        // One attempt per address at a time: parallel guesses must not all read the count before any is recorded.
        entityManager.createNativeQuery("SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtext(?1))) AS locked").setParameter(1, address).getSingleResult();
        Optional<Instant> locked = SignInLimits.lockedUntil(userFailuresSinceLastSignIn(user, address),
                addressFailures(address), now);
        if (locked.isPresent()) {
            record(user, address, "LOCKED_OUT", now);
            return new Attempt(Optional.empty(), locked);
        }
        Optional<ConsoleUser> signedIn = users.verify(username, password);
        record(user, address, signedIn.isPresent() ? "SIGNED_IN" : "WRONG_PASSWORD", now);
        return new Attempt(signedIn, Optional.empty());
    }

    @Transactional
    public void signOut(JsonWebToken token, String address) {
        Instant now = clock.instant();
        if (token.getTokenID() != null) {
            entityManager.createNativeQuery("INSERT INTO revoked_console_token (jti, subject, expires_at) VALUES (?1, ?2, ?3) "
                            + "ON CONFLICT (jti) DO NOTHING")
                    .setParameter(1, token.getTokenID()).setParameter(2, token.getSubject())
                    .setParameter(3, Instant.ofEpochSecond(token.getExpirationTime())).executeUpdate();
            revocations.signedOut(token.getTokenID(), Instant.ofEpochSecond(token.getExpirationTime()));
        }
        record(recordable(token.getSubject()), address, "SIGNED_OUT", now);
    }

    /** An ending of a sign-in made elsewhere (through the clinic's OIDC provider), written down as this class's own are. */
    @Transactional
    public void audit(String username, String address, String outcome) {
        record(recordable(username), address, outcome, clock.instant());
    }

    /** This user's wrong passwords from this address since they last signed in (the per-user lockout). */
    private List<Instant> userFailuresSinceLastSignIn(String user, String address) {
        return failures("""
                SELECT at FROM console_sign_in WHERE username = :user AND address = :address
                  AND outcome = 'WRONG_PASSWORD' AND at > :since
                  AND at > coalesce((SELECT max(at) FROM console_sign_in WHERE username = :user AND outcome = 'SIGNED_IN'),
                                    '-infinity')
                ORDER BY at DESC LIMIT :limit""", SignInLimits.PER_USER, Map.of("user", user, "address", address));
    }

    /** Wrong passwords from this address, whichever name they tried (the per-address lockout). */
    private List<Instant> addressFailures(String address) {
        return failures("""
                SELECT at FROM console_sign_in WHERE address = :address AND outcome = 'WRONG_PASSWORD' AND at > :since
                ORDER BY at DESC LIMIT :limit""", SignInLimits.PER_ADDRESS, Map.of("address", address));
    }

    @SuppressWarnings("unchecked")
    private List<Instant> failures(String sql, int limit, Map<String, String> values) {
        var query = entityManager.createNativeQuery(sql).setParameter("limit", limit)
                .setParameter("since", clock.instant().minus(SignInLimits.WINDOW).minus(SignInLimits.WINDOW));
        values.forEach(query::setParameter);
        return ((List<Object>) query.getResultList()).stream().map(SqlValues::instant).toList();
    }

    private void record(String username, String address, String outcome, Instant at) {
        entityManager.createNativeQuery("INSERT INTO console_sign_in (at, username, address, outcome) VALUES (?1, ?2, ?3, ?4)")
                .setParameter(1, at).setParameter(2, username).setParameter(3, address).setParameter(4, outcome)
                .executeUpdate();
    }

    /** What the audit keeps of a typed user name: at most a name's length, never the password. */
    private static String recordable(String username) {
        String user = username == null ? "" : username.strip();
        return FreeText.NAME.fits(user) ? user : user.substring(0, FreeText.NAME.maxCharacters());
    }
}
