package care.ketamine.alerting.escalation;

import care.ketamine.alerting.alert.Alert;
import care.ketamine.alerting.alert.AlertEvents;
import care.ketamine.alerting.alert.AlertStatus;
import care.ketamine.alerting.domain.EscalationPolicy;
import care.ketamine.alerting.notification.Notifier;
import care.ketamine.contracts.alerts.AlertSnapshot;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fires escalation steps that came due, every second. The due rows are locked FOR UPDATE SKIP
 * LOCKED and marked fired in the same transaction as the notifications they create: with two
 * replicas each step fires once, and a step that came due while the service was down fires once
 * when it is back. Timers set by an acknowledgement (the re-page of an alert not resolved in time, and
 * the escalation after it) fire while the alert stays acknowledged; the others only while it is open.
 */
@ApplicationScoped
public class EscalationTimers {

    private final AtomicLong roundsDone = new AtomicLong();
    private final EscalationPolicies policies;
    private final Escalation escalation;
    private final Notifier notifier;
    private final AlertEvents events;
    private final EntityManager entityManager;
    private final Clock clock;
    private final MeterRegistry meters;

    public EscalationTimers(EscalationPolicies policies, Escalation escalation, Notifier notifier, AlertEvents events,
                            EntityManager entityManager, Clock clock, MeterRegistry meters) {
        this.policies = policies;
        this.escalation = escalation;
        this.notifier = notifier;
        this.events = events;
        this.entityManager = entityManager;
        this.clock = clock;
        this.meters = meters;
    }

    @Scheduled(every = "${alerting.escalation.timers-every:1s}", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void fireDue() {
        try {
            while (QuarkusTransaction.requiringNew().call(this::fireBatch) > 0) {
                // more may be due
            }
            roundsDone.incrementAndGet();
        } catch (RuntimeException e) {
            Log.warnf("escalation timers not fired this time, retrying at the next round: %s", e.getMessage());
        }
    }

    /** Rounds done, for a test to wait on one that started after it moved the clock. */
    long roundsDone() {
        return roundsDone.get();
    }

    /** Fires up to 50 due steps; how many timers it handled. */
    int fireBatch() {
        Instant now = clock.instant();
        @SuppressWarnings("unchecked")
        List<Object[]> due = entityManager.createNativeQuery("""
                        SELECT alert_id, round, step, while_acknowledged FROM escalation_timer
                        WHERE fired_at IS NULL AND NOT cancelled AND due_at <= ?1
                        ORDER BY due_at LIMIT 50 FOR UPDATE SKIP LOCKED""")
                .setParameter(1, now).getResultList();
        for (Object[] timer : due) {
            UUID alertId = (UUID) timer[0];
            int round = ((Number) timer[1]).intValue();
            int step = ((Number) timer[2]).intValue();
            boolean whileAcknowledged = (Boolean) timer[3];
            Alert alert = Alert.findById(alertId);
            EscalationPolicy policy = policies.of(alert.severity);
            boolean fires = whileAcknowledged ? stillAcknowledged(alert, round, step, policy)
                    : stillUnowned(alert, round, step, policy);
            entityManager.createNativeQuery(fires
                            ? "UPDATE escalation_timer SET fired_at = now() WHERE alert_id = ?1 AND round = ?2 AND step = ?3"
                            : "UPDATE escalation_timer SET cancelled = true WHERE alert_id = ?1 AND round = ?2 AND step = ?3")
                    .setParameter(1, alertId).setParameter(2, round).setParameter(3, step).executeUpdate();
            if (!fires) {
                continue;
            }
            if (whileAcknowledged && step == 0) {
                escalation.repageUnresolved(alert, round, now);
            } else {
                alert.escalationStep = step;
                alert.updatedAt = now;
                notifier.notifyStep(alert, policy.step(step), Notifier.Kind.ESCALATION,
                        whileAcknowledged ? Escalation.stillUnresolved(alert, now) : "not acknowledged");
                meters.counter("alerts.escalations", "severity", alert.severity.name(), "step", Integer.toString(step))
                        .increment();
            }
            events.changed(alert, AlertSnapshot.ESCALATED);
        }
        return due.size();
    }

    /** Open in this round, and the policy still has the step: no one owns it yet. */
    private static boolean stillUnowned(Alert alert, int round, int step, EscalationPolicy policy) {
        return alert.status == AlertStatus.OPEN && alert.escalationRound == round && step < policy.steps().size();
    }

    /**
     * Still acknowledged and unresolved: the re-page begins the next round (step 0), the steps after it belong to
     * the round it began. Resolved, opened again or already in another round: nothing to fire.
     */
    private static boolean stillAcknowledged(Alert alert, int round, int step, EscalationPolicy policy) {
        return alert.status == AlertStatus.ACKNOWLEDGED && step < policy.steps().size()
                && (step == 0 ? round == alert.escalationRound + 1 : round == alert.escalationRound);
    }
}
