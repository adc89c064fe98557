package care.ketamine.alerting.pagerduty;

import care.ketamine.alerting.notification.NotificationDispatcher;
import care.ketamine.alerting.alert.Alert;
import care.ketamine.alerting.alert.AlertActions;
import care.ketamine.alerting.alert.AlertEvents;
import care.ketamine.alerting.notification.NotificationChannel.Delivery;
import care.ketamine.contracts.alerts.AlertSnapshot;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An alert acknowledged or resolved here is acknowledged or resolved in PagerDuty too, when a page of it went there: an
 * acknowledgement reaches the incident of the alert's current round ({@link PagerDutyIncident}), a resolution every
 * round's incident (an earlier round's, acknowledged there before the alert got worse, would stay open otherwise).
 * The update is queued as a row in the transaction that changed the alert, so it is sent once that commits, and never
 * lost: right after the commit, then every second until PagerDuty takes it (retried with backoff, or after its
 * Retry-After, given up after {@code alerting.notifications.max-attempts}, as the notification dispatcher does). It
 * waits while a trigger of the alert is still being sent, so PagerDuty hears of the incident first. What PagerDuty
 * itself told us (its responder acknowledged or resolved that round's incident) is not sent back.
 */
@ApplicationScoped
public class PagerDutyUpdates {

    /** Fired when an update was queued, so it goes right after the commit. */
    public record Queued() {
    }

    private final PagerDutyEvents events;
    private final EntityManager entityManager;
    private final Event<Queued> queued;
    private final Clock clock;
    private final MeterRegistry meters;
    private final int maxAttempts;
    private final Duration firstBackoff;
    private final AtomicBoolean wakeUpPending = new AtomicBoolean();
    private final ExecutorService afterCommit = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "pagerduty-updates");
        thread.setDaemon(true);
        return thread;
    });

    public PagerDutyUpdates(PagerDutyEvents events, EntityManager entityManager, Event<Queued> queued, Clock clock,
                            MeterRegistry meters,
                            @ConfigProperty(name = "alerting.notifications.max-attempts", defaultValue = "8") int maxAttempts,
                            @ConfigProperty(name = "alerting.notifications.first-backoff", defaultValue = "1S") Duration firstBackoff) {
        this.events = events;
        this.entityManager = entityManager;
        this.queued = queued;
        this.clock = clock;
        this.meters = meters;
        this.maxAttempts = maxAttempts;
        this.firstBackoff = firstBackoff;
    }

    /** In the transaction that acknowledged or resolved the alert. */
    void onChanged(@Observes AlertEvents.Changed change) {
        if (!events.enabled()) {
            return;
        }
        Alert alert = change.alert();
        String action;
        String by;
        if (change.what() == AlertSnapshot.ACKNOWLEDGED) {
            action = "acknowledge";
            by = alert.acknowledgedBy;
        } else if (change.what() == AlertSnapshot.RESOLVED) {
            action = "resolve";
            by = alert.resolvedBy;
        } else {
            return;
        }
        boolean fromPagerDuty = by != null && by.startsWith(AlertActions.PAGERDUTY);
        if (fromPagerDuty && action.equals("acknowledge")) {
            return; // PagerDuty told us; it knows
        }
        // An acknowledgement: this round's incident. A resolution: every round's, but those PagerDuty resolved itself.
        int inserted = entityManager.createNativeQuery("""
                        INSERT INTO pagerduty_update (alert_id, round, action, status, next_attempt_at, created_at)
                        SELECT DISTINCT ?1, n.round, ?3, 'PENDING', CAST(?4 AS timestamptz), CAST(?4 AS timestamptz)
                        FROM notification n
                        WHERE n.alert_id = ?1 AND n.channel = 'pagerduty'
                          AND (n.status IN ('SENT', 'DELIVERED') OR (n.status = 'PENDING' AND n.attempts > 0))
                          AND (CASE WHEN ?3 = 'acknowledge' THEN n.round = ?2 WHEN ?5 THEN n.round <> ?2 ELSE true END)
                          AND NOT EXISTS (SELECT 1 FROM pagerduty_webhook_event e WHERE e.outcome = 'resolved'
                                          AND e.incident_key = CAST(n.alert_id AS text) || ':' || CAST(n.round AS text))
                        ON CONFLICT DO NOTHING""")
                .setParameter(1, alert.id).setParameter(2, alert.escalationRound).setParameter(3, action)
                .setParameter(4, clock.instant()).setParameter(5, fromPagerDuty).executeUpdate();
        if (inserted > 0) {
            queued.fire(new Queued());
        }
    }

    void onQueued(@Observes(during = TransactionPhase.AFTER_SUCCESS) Queued queued) {
        if (wakeUpPending.compareAndSet(false, true)) {
            afterCommit.execute(() -> {
                wakeUpPending.set(false);
                sendDue();
            });
        }
    }

    void onStop(@Observes ShutdownEvent stop) {
        afterCommit.shutdownNow();
    }

    /** An update taken for one call. */
    record Claim(UUID alertId, int round, String action, int attempt) {
    }

    @Scheduled(every = "1s", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    synchronized void sendDue() {
        if (!events.enabled()) {
            return;
        }
        try {
            List<Claim> claimed;
            while (!(claimed = QuarkusTransaction.requiringNew().call(this::claim)).isEmpty()) {
                for (Claim claim : claimed) {
                    // Outside any transaction: a slow PagerDuty holds up no row and no connection.
                    Delivery delivery = events.send(Map.of("event_action", claim.action(),
                            "dedup_key", new PagerDutyIncident(claim.alertId(), claim.round()).dedupKey()));
                    QuarkusTransaction.requiringNew().run(() -> record(claim, delivery));
                }
            }
        } catch (RuntimeException e) {
            Log.warnf("PagerDuty updates not sent this time, retrying in 1 s: %s", e.getMessage());
        }
    }

    /**
     * Up to 10 due updates, each leased until its call must have ended (a replica that dies mid-call leaves it due
     * again; PagerDuty takes an acknowledgement or resolution twice as once). Not while a trigger of the alert is
     * still being sent.
     */
    private List<Claim> claim() {
        Instant now = clock.instant();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                        SELECT u.alert_id, u.round, u.action, u.attempts FROM pagerduty_update u
                        WHERE u.status = 'PENDING' AND u.next_attempt_at <= ?1
                          AND NOT EXISTS (SELECT 1 FROM notification n WHERE n.alert_id = u.alert_id
                                          AND n.channel = 'pagerduty' AND n.status = 'PENDING' AND n.attempts > 0)
                        ORDER BY u.created_at, u.action LIMIT 10 FOR UPDATE OF u SKIP LOCKED""")
                .setParameter(1, now).getResultList();
        Instant leaseEnds = now.plus(events.longestCall()).plusSeconds(30);
        return rows.stream().map(row -> {
            UUID alertId = (UUID) row[0];
            int round = ((Number) row[1]).intValue();
            String action = (String) row[2];
            int attempt = ((Number) row[3]).intValue() + 1;
            entityManager.createNativeQuery("UPDATE pagerduty_update SET attempts = ?1, next_attempt_at = ?2 "
                            + "WHERE alert_id = ?3 AND round = ?4 AND action = ?5")
                    .setParameter(1, attempt).setParameter(2, leaseEnds).setParameter(3, alertId).setParameter(4, round)
                    .setParameter(5, action).executeUpdate();
            return new Claim(alertId, round, action, attempt);
        }).toList();
    }

    private void record(Claim claim, Delivery delivery) {
        Instant now = clock.instant();
        String status;
        Instant next = now;
        if (delivery.handedOver()) {
            status = "SENT";
            meters.counter("alerts.pagerduty.updates", "action", claim.action(), "outcome", "sent").increment();
        } else if (delivery.retryable() && claim.attempt() < maxAttempts) {
            status = "PENDING";
            next = now.plus(delivery.retryAfter() != null ? delivery.retryAfter()
                    : NotificationDispatcher.backoff(firstBackoff, claim.attempt()));
        } else {
            status = "FAILED";
            meters.counter("alerts.pagerduty.updates", "action", claim.action(), "outcome", "failed").increment();
            Log.warnf("PagerDuty not told to %s alert %s: %s", claim.action(), claim.alertId(), delivery.error());
        }
        entityManager.createNativeQuery("""
                        UPDATE pagerduty_update SET status = ?1, next_attempt_at = ?2, last_error = NULLIF(?3, ''),
                               sent_at = CASE WHEN ?1 = 'SENT' THEN CAST(?2 AS timestamptz) END
                        WHERE alert_id = ?4 AND round = ?5 AND action = ?6 AND attempts = ?7 AND status = 'PENDING'""")
                .setParameter(1, status).setParameter(2, next).setParameter(3, delivery.error() == null ? "" : delivery.error())
                .setParameter(4, claim.alertId()).setParameter(5, claim.round()).setParameter(6, claim.action())
                .setParameter(7, claim.attempt()).executeUpdate();
    }

}
