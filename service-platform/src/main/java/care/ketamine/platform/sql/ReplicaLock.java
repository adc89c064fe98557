package care.ketamine.platform.sql;

import jakarta.persistence.EntityManager;

/**
 * Work one replica does at a time (a sweep, the outbox relay): a PostgreSQL advisory lock held by
 * the current transaction and released at its commit or rollback. Replicas that do not get it skip
 * this round; the holder does the work for all.
 */
public final class ReplicaLock {

    private ReplicaLock() {
    }

    /** True when this transaction now holds the lock named by {@code key}; never waits. */
    public static boolean claim(EntityManager entityManager, long key) {
        return (Boolean) entityManager.createNativeQuery("SELECT pg_try_advisory_xact_lock(?1)")
                .setParameter(1, key).getSingleResult();
    }
}
