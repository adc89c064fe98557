package care.ketamine.alerting.escalation;

import care.ketamine.alerting.alert.Alert;
import care.ketamine.alerting.alert.AlertStatus;
import care.ketamine.alerting.domain.EscalationPolicy;
import care.ketamine.alerting.notification.Notifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;

/**
 * An alert's escalation: step 0 notifies at once; each later step of the severity's policy is a
 * durable timer (table escalation_timer) that {@link EscalationTimers} fires if the alert is still
 * unacknowledged when it comes due. A round is one opening of the alert (reopenings), so a reopened
 * alert escalates afresh.
 */
@ApplicationScoped
public class Escalation {

    private final EscalationPolicies policies;
    private final Notifier notifier;
    private final EntityManager entityManager;

    public Escalation(EscalationPolicies policies, Notifier notifier, EntityManager entityManager) {
        this.policies = policies;
        this.notifier = notifier;
        this.entityManager = entityManager;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void start(Alert alert, Instant now) {
        EscalationPolicy policy = policies.of(alert.severity);
        plan(alert, policy, 0, now);
        notifier.notifyStep(alert, policy.step(0), Notifier.Kind.FIRST);
    }

    /** The alert got worse: the steps not fired yet follow the new severity's policy, counted from now. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void replanForSeverity(Alert alert, Instant now) {
        if (alert.status != AlertStatus.OPEN) {
            return; // acknowledged: someone owns it
        }
        cancelPending(alert);
        plan(alert, policies.of(alert.severity), alert.escalationStep, now);
    }

    /** Acknowledged or resolved: no further step fires. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void stop(Alert alert) {
        cancelPending(alert);
    }

    private void plan(Alert alert, EscalationPolicy policy, int afterStep, Instant from) {
        for (EscalationPolicy.Timer timer : policy.timersAfter(afterStep, from)) {
            entityManager.createNativeQuery("""
                            INSERT INTO escalation_timer (alert_id, round, step, due_at) VALUES (?1, ?2, ?3, ?4)
                            ON CONFLICT (alert_id, round, step) DO UPDATE SET due_at = excluded.due_at, cancelled = false
                            WHERE escalation_timer.fired_at IS NULL""")
                    .setParameter(1, alert.id).setParameter(2, alert.reopenings).setParameter(3, timer.step())
                    .setParameter(4, timer.dueAt()).executeUpdate();
        }
    }

    private void cancelPending(Alert alert) {
        entityManager.createNativeQuery("UPDATE escalation_timer SET cancelled = true WHERE alert_id = ?1 AND fired_at IS NULL")
                .setParameter(1, alert.id).executeUpdate();
    }
}
