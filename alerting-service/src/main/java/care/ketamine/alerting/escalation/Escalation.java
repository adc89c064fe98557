package care.ketamine.alerting.escalation;

import care.ketamine.alerting.alert.Alert;
import care.ketamine.alerting.alert.AlertEscalation;
import care.ketamine.alerting.alert.AlertStatus;
import care.ketamine.alerting.domain.DeliveryPlan;
import care.ketamine.alerting.domain.EscalationPolicy;
import care.ketamine.alerting.domain.RepagePolicy;
import care.ketamine.alerting.domain.Severity;
import care.ketamine.alerting.notification.Notifier;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * An alert's escalation: step 0 notifies at once; each later step of the severity's policy is a
 * durable timer (table escalation_timer) that {@link EscalationTimers} fires if the alert is still
 * unacknowledged when it comes due. A round is one opening of the alert: a reopened alert, or one paged
 * again after its acknowledgement, escalates afresh. An acknowledgement stops the steps and sets the
 * timer of the re-page when the alert is not resolved in time ({@link RepagePolicy}).
 */
@ApplicationScoped
public class Escalation implements AlertEscalation {

    private final EscalationPolicies policies;
    private final Notifier notifier;
    private final EntityManager entityManager;
    private final RepagePolicy repages;
    private final MeterRegistry meters;

    public Escalation(EscalationPolicies policies, Notifier notifier, EntityManager entityManager, MeterRegistry meters,
                      @ConfigProperty(name = "alerting.repage.critical-unresolved", defaultValue = "15M")
                      Duration criticalUnresolved,
                      @ConfigProperty(name = "alerting.repage.warning-unresolved", defaultValue = "30M")
                      Duration warningUnresolved) {
        this.policies = policies;
        this.notifier = notifier;
        this.entityManager = entityManager;
        this.meters = meters;
        this.repages = new RepagePolicy(criticalUnresolved, warningUnresolved);
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public void start(Alert alert, Instant now) {
        EscalationPolicy policy = policies.of(alert.severity);
        plan(alert, policy.timersAfter(0, now), alert.escalationRound, false);
        notifier.notifyStep(alert, policy.step(0), Notifier.Kind.FIRST, alert.reopenings > 0 ? "reopened" : "raised");
    }

    /** The alert got worse: the steps not fired yet follow the new severity's policy, counted from now. */
    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public void replanForSeverity(Alert alert, Instant now) {
        if (alert.status != AlertStatus.OPEN) {
            return; // acknowledged: worsenedWhileAcknowledged
        }
        cancelPending(alert);
        plan(alert, policies.of(alert.severity).timersAfter(alert.escalationStep, now), alert.escalationRound, false);
    }

    /**
     * Worse since it was acknowledged (the caller has opened it again): a new round, whose page goes at once to
     * whoever had acknowledged it, naming the change; the new severity's steps follow from step 1, counted from now.
     */
    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public void worsenedWhileAcknowledged(Alert alert, Severity from, String acknowledgedBy, String acknowledgedRole,
                                          Instant now) {
        cancelPending(alert);
        alert.escalationRound++;
        alert.escalationStep = 0;
        notifier.repage(alert, acknowledgedBy, acknowledgedRole, RepagePolicy.worsened(from, alert.severity, acknowledgedBy),
                Notifier.Kind.REPAGE,
                firstDelivery(alert));
        plan(alert, policies.of(alert.severity).timersAfter(0, now), alert.escalationRound, false);
        meters.counter("alerts.repages", "reason", "worsened", "severity", alert.severity.name()).increment();
    }

    /**
     * A repeat measurement confirmed the finding (a crisis still there on the cuff's retest): whoever it has
     * reached is told at once, as a page of its own; the escalation goes on as planned. An acknowledged alert's
     * confirmation goes to whoever acknowledged it; an open one's to whoever its latest step paged.
     */
    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public void confirmed(Alert alert, Instant now) {
        String reason = "confirmed on retest: " + alert.latestValue;
        if (alert.status == AlertStatus.ACKNOWLEDGED) {
            notifier.repage(alert, alert.acknowledgedBy, alert.acknowledgedRole, reason, Notifier.Kind.CONFIRMED,
                    firstDelivery(alert));
        } else {
            notifier.notifyStep(alert, policies.of(alert.severity).step(alert.escalationStep), Notifier.Kind.CONFIRMED, reason);
        }
        meters.counter("alerts.confirmed", "rule", alert.rule).increment();
    }

    /** Someone owns it: no further step fires; if it is still unresolved after its severity's limit, they are paged again. */
    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public void acknowledged(Alert alert, Instant now) {
        cancelPending(alert);
        repages.repageDue(alert.severity, now).ifPresent(due -> plan(alert,
                List.of(new EscalationPolicy.Timer(0, due)), alert.escalationRound + 1, true));
    }

    /**
     * The re-page of an acknowledged alert not resolved in time (a timer of the next round, step 0): its round
     * begins, the acknowledger is paged, and the severity's steps from 1 are set to follow one limit later.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    void repageUnresolved(Alert alert, int round, Instant now) {
        alert.escalationRound = round;
        alert.escalationStep = 0;
        alert.updatedAt = now;
        notifier.repage(alert, alert.acknowledgedBy, alert.acknowledgedRole,
                RepagePolicy.unresolved(alert.acknowledgedBy, alert.acknowledgedAt, now), Notifier.Kind.REPAGE,
                firstDelivery(alert));
        plan(alert, repages.escalationAfterRepage(policies.of(alert.severity), now), round, true);
        meters.counter("alerts.repages", "reason", "unresolved", "severity", alert.severity.name()).increment();
    }

    /** Why a step after a re-page for an unresolved alert is sent. */
    static String stillUnresolved(Alert alert, Instant now) {
        return RepagePolicy.unresolved(alert.acknowledgedBy, alert.acknowledgedAt, now);
    }

    /** How the severity's first step reaches its person: a re-page reaches the acknowledger the same way. */
    private DeliveryPlan firstDelivery(Alert alert) {
        return policies.of(alert.severity).step(0).delivery();
    }

    /** Resolved: no further step fires. */
    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public void stop(Alert alert) {
        cancelPending(alert);
    }

    private void plan(Alert alert, List<EscalationPolicy.Timer> timers, int round, boolean whileAcknowledged) {
        for (EscalationPolicy.Timer timer : timers) {
            entityManager.createNativeQuery("""
                            INSERT INTO escalation_timer (alert_id, round, step, due_at, while_acknowledged)
                            VALUES (?1, ?2, ?3, ?4, ?5)
                            ON CONFLICT (alert_id, round, step) DO UPDATE SET due_at = excluded.due_at, cancelled = false,
                                while_acknowledged = excluded.while_acknowledged
                            WHERE escalation_timer.fired_at IS NULL""")
                    .setParameter(1, alert.id).setParameter(2, round).setParameter(3, timer.step())
                    .setParameter(4, timer.dueAt()).setParameter(5, whileAcknowledged).executeUpdate();
        }
    }

    private void cancelPending(Alert alert) {
        entityManager.createNativeQuery("UPDATE escalation_timer SET cancelled = true WHERE alert_id = ?1 AND fired_at IS NULL")
                .setParameter(1, alert.id).executeUpdate();
    }
}
