package care.ketamine.platform.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;

/**
 * Who read which session's patient data, and when: one row of the service's {@code read_audit}
 * table (actor, actor_role, action, session_id, at), written in the reading transaction.
 */
@ApplicationScoped
public class ReadAudit {

    private final EntityManager entityManager;
    private final Clock clock;

    public ReadAudit(EntityManager entityManager, Clock clock) {
        this.entityManager = entityManager;
        this.clock = clock;
    }

    /** @param sessionId the session whose data was read; null for a read across sessions (a list) */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(String actor, String role, String action, String sessionId) {
        entityManager.createNativeQuery("INSERT INTO read_audit (actor, actor_role, action, session_id, at) "
                        + "VALUES (?1, ?2, ?3, ?4, ?5)")
                .setParameter(1, actor).setParameter(2, role).setParameter(3, action)
                .setParameter(4, sessionId == null ? "*" : sessionId).setParameter(5, clock.instant()).executeUpdate();
    }
}
