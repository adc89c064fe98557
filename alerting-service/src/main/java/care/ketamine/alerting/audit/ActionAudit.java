package care.ketamine.alerting.audit;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;

/**
 * Who did what to which alert or roster entry, and when, beyond reads ({@code read_audit}): one row of
 * {@code action_audit}. A change is recorded in its own transaction; a refusal in a new one, because the
 * transaction that refused rolls back.
 */
@ApplicationScoped
public class ActionAudit {

    private final EntityManager entityManager;
    private final Clock clock;

    public ActionAudit(EntityManager entityManager, Clock clock) {
        this.entityManager = entityManager;
        this.clock = clock;
    }

    /** A change, in the transaction that makes it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void changed(String actor, String role, String action, String target, String detail) {
        insert(actor, role, action, target, detail);
    }

    /** A 403: kept even though the refusing transaction rolls back. */
    public void denied(String actor, String role, String action, String target) {
        QuarkusTransaction.requiringNew().run(() -> insert(actor, role, action + ".denied", target, null));
    }

    private void insert(String actor, String role, String action, String target, String detail) {
        entityManager.createNativeQuery("INSERT INTO action_audit (actor, actor_role, action, target, detail, at) "
                        + "VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
                .setParameter(1, actor == null ? "unknown" : actor).setParameter(2, role == null ? "none" : role)
                .setParameter(3, action).setParameter(4, target == null ? "*" : target).setParameter(5, detail)
                .setParameter(6, clock.instant()).executeUpdate();
    }
}
