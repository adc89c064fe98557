package care.ketamine.alerting.notification;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.alerts.NotificationOutcome;
import care.ketamine.platform.outbox.Outbox;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.All;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Delivers queued notifications right after the transaction that queued them commits, and every
 * second for retries. Rows are locked FOR UPDATE SKIP LOCKED, so with several replicas each is sent
 * by one. A failure is retried with exponential backoff (1, 2, 4... s, at most 60 s apart; a 429's
 * Retry-After wins) up to the attempt limit, then recorded as given up, with an event.
 */
@ApplicationScoped
public class NotificationDispatcher {

    static final Duration MAX_BACKOFF = Duration.ofSeconds(60);

    private final Map<String, NotificationChannel> channels;
    private final Outbox outbox;
    private final EntityManager entityManager;
    private final Clock clock;
    private final MeterRegistry meters;
    private final int maxAttempts;
    private final Duration firstBackoff;
    private final ExecutorService afterCommit = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "notification-dispatch");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean wakeUpPending = new AtomicBoolean();

    public NotificationDispatcher(@All List<NotificationChannel> channels, Outbox outbox, EntityManager entityManager,
                                  Clock clock, MeterRegistry meters,
                                  @ConfigProperty(name = "alerting.notifications.max-attempts", defaultValue = "8") int maxAttempts,
                                  @ConfigProperty(name = "alerting.notifications.first-backoff", defaultValue = "1S") Duration firstBackoff) {
        this.channels = channels.stream().collect(Collectors.toMap(NotificationChannel::name, Function.identity()));
        this.outbox = outbox;
        this.entityManager = entityManager;
        this.clock = clock;
        this.meters = meters;
        this.maxAttempts = maxAttempts;
        this.firstBackoff = firstBackoff;
    }

    void onQueued(@Observes(during = TransactionPhase.AFTER_SUCCESS) Notifier.Queued queued) {
        if (wakeUpPending.compareAndSet(false, true)) {
            afterCommit.execute(() -> {
                wakeUpPending.set(false);
                dispatchDue();
            });
        }
    }

    @Scheduled(every = "1s", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void dispatchDue() {
        try {
            while (QuarkusTransaction.requiringNew().call(this::dispatchBatch) > 0) {
                // more may be due
            }
        } catch (RuntimeException e) {
            Log.warnf("notifications not dispatched this time, retrying in 1 s: %s", e.getMessage());
        }
    }

    int dispatchBatch() {
        Instant now = clock.instant();
        @SuppressWarnings("unchecked")
        List<Notification> due = entityManager.createNativeQuery("""
                        SELECT * FROM notification WHERE status = 'PENDING' AND next_attempt_at <= ?1
                        ORDER BY next_attempt_at LIMIT 20 FOR UPDATE SKIP LOCKED""", Notification.class)
                .setParameter(1, now).getResultList();
        for (Notification n : due) {
            NotificationChannel channel = channels.get(n.channel);
            NotificationChannel.Delivery delivery = channel == null
                    ? NotificationChannel.Delivery.refused("no channel " + n.channel) : channel.deliver(n);
            n.attempts++;
            if (delivery.delivered()) {
                n.status = Notification.Status.SENT;
                n.sentAt = clock.instant();
                n.lastError = null;
                outcome(n, NotificationOutcome.SENT);
                meters.counter("alerts.notifications.sent", "channel", n.channel).increment();
            } else if (delivery.retryable() && n.attempts < maxAttempts) {
                n.lastError = delivery.error();
                n.nextAttemptAt = clock.instant().plus(delivery.retryAfter() != null ? delivery.retryAfter() : backoff(n.attempts));
                meters.counter("alerts.notifications.retried", "channel", n.channel).increment();
            } else {
                n.status = Notification.Status.FAILED;
                n.lastError = delivery.error() + (delivery.retryable() ? "; gave up after " + n.attempts + " attempts" : "");
                outcome(n, NotificationOutcome.FAILED);
                meters.counter("alerts.notifications.failed", "channel", n.channel).increment();
                Log.warnf("notification %s of alert %s given up: %s", n.id, n.alertId, n.lastError);
            }
        }
        return due.size();
    }

    /** 1, 2, 4... times the first backoff, at most a minute. */
    Duration backoff(int attempts) {
        Duration wait = firstBackoff.multipliedBy(1L << Math.min(attempts - 1, 20));
        return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
    }

    private void outcome(Notification n, care.ketamine.contracts.EventType<NotificationOutcome> type) {
        outbox.append(Topics.ALERTS_EVENTS, EventEnvelope.wrap(type, n.sessionId, new NotificationOutcome(n.id, n.alertId,
                n.sessionId, n.step, n.kind, n.recipient, n.recipientRole, n.channel, n.attempts, n.lastError,
                clock.instant()), clock));
    }
}
