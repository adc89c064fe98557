package care.ketamine.alerting.push;

import care.ketamine.platform.problem.Problem;
import care.ketamine.platform.problem.ProblemException;
import care.ketamine.platform.sql.SqlValues;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The browsers each person let us page by Web Push; at most {@link #MOST_PER_PERSON} each. */
@ApplicationScoped
public class PushSubscriptions {

    /** A phone, a laptop, a desk, and room for a browser reinstalled before the old one is cleaned up. */
    public static final int MOST_PER_PERSON = 5;

    /** One browser's subscription: where its push service takes messages, and the keys to encrypt them to. */
    public record Subscription(UUID id, String staffId, String endpoint, String p256dh, String auth, Instant createdAt) {
    }

    private final EntityManager entityManager;
    private final Clock clock;

    public PushSubscriptions(EntityManager entityManager, Clock clock) {
        this.entityManager = entityManager;
        this.clock = clock;
    }

    @Transactional
    public List<Subscription> of(String staffId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("SELECT id, staff_id, endpoint, p256dh, auth, created_at "
                        + "FROM push_subscription WHERE staff_id = ?1 ORDER BY created_at")
                .setParameter(1, staffId).getResultList();
        return rows.stream().map(r -> new Subscription((UUID) r[0], (String) r[1], (String) r[2], (String) r[3], (String) r[4],
                SqlValues.instant(r[5]))).toList();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean any(String staffId) {
        return !entityManager.createNativeQuery("SELECT 1 FROM push_subscription WHERE staff_id = ?1 LIMIT 1")
                .setParameter(1, staffId).getResultList().isEmpty();
    }

    /**
     * Keeps this browser's subscription for the person. The same endpoint again from the same person (the browser
     * renewed its keys) replaces its keys; an endpoint kept for someone else is left as it is, and nothing is kept:
     * empty. That person lets it go first (unsubscribing, or the push service saying it is gone).
     */
    @Transactional
    public Optional<Subscription> add(String staffId, String endpoint, String p256dh, String auth) {
        // One person's subscriptions are counted and added one request at a time.
        entityManager.createNativeQuery("SELECT pg_advisory_xact_lock(hashtext('push_subscription:' || ?1))")
                .setParameter(1, staffId).getSingleResult();
        Number others = (Number) entityManager.createNativeQuery(
                        "SELECT count(*) FROM push_subscription WHERE staff_id = ?1 AND endpoint <> ?2")
                .setParameter(1, staffId).setParameter(2, endpoint).getSingleResult();
        if (others.intValue() >= MOST_PER_PERSON) {
            throw ProblemException.invalid("At most " + MOST_PER_PERSON + " browsers per person: remove one first",
                    List.of(new Problem.Violation("endpoint", "is one browser too many (" + MOST_PER_PERSON + " already)")));
        }
        Instant now = clock.instant();
        // The owner never changes here: on an endpoint kept for another person the update's WHERE is false, no row
        // comes back, and the database decides it even when two people send the same endpoint at once.
        @SuppressWarnings("unchecked")
        List<Object[]> kept = entityManager.createNativeQuery("""
                        INSERT INTO push_subscription (id, staff_id, endpoint, p256dh, auth, created_at)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                        ON CONFLICT (endpoint) DO UPDATE SET p256dh = excluded.p256dh, auth = excluded.auth
                        WHERE push_subscription.staff_id = excluded.staff_id
                        RETURNING id, created_at""")
                .setParameter(1, UUID.randomUUID()).setParameter(2, staffId).setParameter(3, endpoint)
                .setParameter(4, p256dh).setParameter(5, auth).setParameter(6, now).getResultList();
        return kept.stream().findFirst().map(r -> new Subscription((UUID) r[0], staffId, endpoint, p256dh, auth,
                SqlValues.instant(r[1])));
    }

    /** Removes one of the person's subscriptions; false when they have none of that id. */
    @Transactional
    public boolean remove(String staffId, UUID id) {
        return entityManager.createNativeQuery("DELETE FROM push_subscription WHERE id = ?1 AND staff_id = ?2")
                .setParameter(1, id).setParameter(2, staffId).executeUpdate() > 0;
    }

    /** Removes the person's subscription of this endpoint; false when they have none (another person's stays). */
    @Transactional
    public boolean removeEndpoint(String staffId, String endpoint) {
        return entityManager.createNativeQuery("DELETE FROM push_subscription WHERE endpoint = ?1 AND staff_id = ?2")
                .setParameter(1, endpoint).setParameter(2, staffId).executeUpdate() > 0;
    }

    /** The push service says this subscription is gone (404, 410): the browser unsubscribed or was reset. */
    @Transactional
    public void gone(UUID id) {
        entityManager.createNativeQuery("DELETE FROM push_subscription WHERE id = ?1").setParameter(1, id).executeUpdate();
    }
}
