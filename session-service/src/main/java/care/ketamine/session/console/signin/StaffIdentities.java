package care.ketamine.session.console.signin;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Use case: which staff id a person signed in by the clinic's provider is. The provider's user name
 * ({@code preferred_username}) is the staff id, but it is neither unique over time nor stable (OIDC Core §5.7):
 * only the issuer and subject are. So the first sign-in of a subject binds it to its user name in staff_identity,
 * and from then on the two must come together: a renamed account, or a new account given a known user name, signs
 * in as nobody until an admin re-links it (ADR 0051).
 */
@ApplicationScoped
public class StaffIdentities {

    /** How a person's (issuer, subject, user name) stands against what was bound before. */
    public enum Binding {
        /** Neither the subject nor the user name was known: bound now. */
        FIRST_SIGN_IN,
        /** The subject is bound to this user name: the same person again. */
        KNOWN,
        /** The subject is bound to another user name: renamed at the provider. */
        RENAMED,
        /** The user name is bound to another subject: another (perhaps re-created) account at the provider. */
        TAKEN_BY_ANOTHER;

        public boolean signsIn() {
            return this == FIRST_SIGN_IN || this == KNOWN;
        }
    }

    private final EntityManager entityManager;
    private final Clock clock;

    public StaffIdentities(EntityManager entityManager, Clock clock) {
        this.entityManager = entityManager;
        this.clock = clock;
    }

    /** Binds or checks, in a transaction of its own; safe to call for the same person or user name at once. */
    public Binding bind(String issuer, String subject, String username) {
        Instant now = clock.instant();
        return QuarkusTransaction.requiringNew().call(() -> {
            Optional<String> bound = staffIdOf(issuer, subject);
            if (bound.isEmpty()) {
                // Either unique pair already taken makes this insert do nothing; the re-read below says by whom.
                int inserted = entityManager.createNativeQuery("INSERT INTO staff_identity (issuer, subject, staff_id, "
                                + "first_signed_in_at, last_signed_in_at) VALUES (?1, ?2, ?3, ?4, ?4) ON CONFLICT DO NOTHING")
                        .setParameter(1, issuer).setParameter(2, subject).setParameter(3, username).setParameter(4, now)
                        .executeUpdate();
                if (inserted == 1) {
                    return Binding.FIRST_SIGN_IN;
                }
                bound = staffIdOf(issuer, subject);
                if (bound.isEmpty()) {
                    return Binding.TAKEN_BY_ANOTHER;
                }
            }
            if (!bound.get().equals(username)) {
                return Binding.RENAMED;
            }
            entityManager.createNativeQuery("UPDATE staff_identity SET last_signed_in_at = ?3 WHERE issuer = ?1 AND subject = ?2")
                    .setParameter(1, issuer).setParameter(2, subject).setParameter(3, now).executeUpdate();
            return Binding.KNOWN;
        });
    }

    /** The staff id this subject was bound to, if any (in the caller's transaction, else one of its own). */
    @SuppressWarnings("unchecked")
    public Optional<String> staffIdOf(String issuer, String subject) {
        return QuarkusTransaction.joiningExisting().call(() -> ((List<String>) entityManager.createNativeQuery(
                        "SELECT staff_id FROM staff_identity WHERE issuer = ?1 AND subject = ?2")
                .setParameter(1, issuer).setParameter(2, subject).getResultList()).stream().findFirst());
    }
}
