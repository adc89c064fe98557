package care.ketamine.alerting.notification;

import care.ketamine.alerting.domain.EscalationPolicy;
import care.ketamine.alerting.notificationlog.Notification;
import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.alerts.NotificationOutcome;
import care.ketamine.platform.outbox.Outbox;
import care.ketamine.platform.tracing.TraceContext;
import care.ketamine.platform.tracing.Traces;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.quarkus.arc.All;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Delivers queued notifications right after the transaction that queued them commits, and every
 * second for retries. Rows are locked FOR UPDATE SKIP LOCKED, so with several replicas each is sent
 * by one. A failure is retried with exponential backoff (1, 2, 4... s, at most 60 s apart; a
 * Retry-After wins, but never more than an hour) up to the attempt limit, then recorded as given up,
 * with an event.
 *
 * <p>No call to another system is made in a transaction or under a row lock. A channel that calls out
 * (the webhook) has its due rows claimed in a short transaction (the attempt counted, the row leased
 * until the call must have ended), then called on its own executor of at most
 * {@code alerting.webhook.max-concurrent} threads, and the outcome recorded in another short
 * transaction. Only as many rows are claimed as there are free threads, so nothing waits in a queue,
 * and a hanging receiver holds up at most those threads: never the live screens' pages, which go out
 * in the dispatcher's own transaction. A claim whose call never reports back (a crash) is due again
 * when its lease ends: a receiver may get a page twice, never none (X-Notification-Id tells).
 */
@Startup
@ApplicationScoped
public class NotificationDispatcher {

    static final Duration MAX_BACKOFF = Duration.ofSeconds(60);
    /**
     * The longest a receiver may make us wait before the next try, whatever its Retry-After says: a page is
     * someone in danger, so a gateway may slow us down to our own longest backoff, never more.
     */
    public static final Duration MAX_RETRY_AFTER = MAX_BACKOFF;

    private final Map<String, NotificationChannel> channels;
    private final List<String> outbound;
    private final Outbox outbox;
    private final Traces traces;
    private final DeliveryReceipts receipts;
    private final EntityManager entityManager;
    private final Clock clock;
    private final MeterRegistry meters;
    private final int maxAttempts;
    private final Duration firstBackoff;
    private final Duration lease;
    private final ExecutorService afterCommit = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "notification-dispatch");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean wakeUpPending = new AtomicBoolean();
    private final Semaphore callers;
    private final ExecutorService calls;

    public NotificationDispatcher(@All List<NotificationChannel> channels, Outbox outbox, DeliveryReceipts receipts,
                                  EntityManager entityManager, Traces traces,
                                  Clock clock, MeterRegistry meters,
                                  @ConfigProperty(name = "alerting.notifications.max-attempts", defaultValue = "8") int maxAttempts,
                                  @ConfigProperty(name = "alerting.notifications.first-backoff", defaultValue = "1S") Duration firstBackoff,
                                  @ConfigProperty(name = "alerting.webhook.max-concurrent", defaultValue = "4") int maxConcurrent,
                                  @ConfigProperty(name = "alerting.webhook.timeout", defaultValue = "5S") Duration callTimeout) {
        this.channels = channels.stream().collect(Collectors.toMap(NotificationChannel::name, Function.identity()));
        this.outbound = channels.stream().filter(NotificationChannel::callsOut).map(NotificationChannel::name).toList();
        this.outbox = outbox;
        this.traces = traces;
        this.receipts = receipts;
        this.entityManager = entityManager;
        this.clock = clock;
        this.meters = meters;
        this.maxAttempts = maxAttempts;
        this.firstBackoff = firstBackoff;
        // A call ends by its timeout (connect and answer, WebhookChannel); the lease outlasts it comfortably.
        this.lease = callTimeout.multipliedBy(2).plusSeconds(30);
        if (maxConcurrent < 1 || maxConcurrent > 64) {
            throw new IllegalStateException("alerting.webhook.max-concurrent must be 1 to 64, not " + maxConcurrent);
        }
        this.callers = new Semaphore(maxConcurrent);
        // Every outcome of every channel set up here, and a page that found nobody to reach, are served at 0 from the
        // start: the paging rules (PagesNotDelivered, NotificationRetries) use increase(), which cannot see a series
        // that first appears at 1, and the dashboard would show nothing.
        channels.stream().filter(NotificationChannel::enabled).forEach(channel -> {
            for (String outcome : List.of("sent", "delivered", "retried", "failed", "skipped")) {
                meters.counter("alerts.notifications." + outcome, "channel", channel.name());
            }
        });
        for (EscalationPolicy.Target target : EscalationPolicy.Target.values()) {
            meters.counter("alerts.notifications.unrouted", "target", target.name());
        }
        AtomicInteger number = new AtomicInteger();
        this.calls = Executors.newFixedThreadPool(maxConcurrent, r -> {
            Thread thread = new Thread(r, "notification-call-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    void onQueued(@Observes(during = TransactionPhase.AFTER_SUCCESS) Notifier.Queued queued) {
        if (wakeUpPending.compareAndSet(false, true)) {
            afterCommit.execute(() -> {
                wakeUpPending.set(false);
                dispatchDue();
            });
        }
    }

    void onStop(@Observes ShutdownEvent stop) {
        calls.shutdownNow();
        afterCommit.shutdownNow();
    }

    @Scheduled(every = "1s", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void dispatchDue() {
        try {
            while (QuarkusTransaction.requiringNew().call(this::dispatchBatch) > 0) {
                // more may be due
            }
            callOut();
        } catch (RuntimeException e) {
            Log.warnf("notifications not dispatched this time, retrying in 1 s: %s", e.getMessage());
        }
    }

    /** Delivers up to 20 due notifications of the channels that deliver in a transaction; how many. */
    int dispatchBatch() {
        // Every channel but the calling-out ones: a row of a channel this replica does not have is refused here.
        List<Notification> due = due("NOT IN", outbound.isEmpty() ? List.of("") : outbound, 20);
        Map<UUID, String> notNeeded = notNeeded(due);
        for (Notification n : due) {
            if (notNeeded.containsKey(n.id)) {
                skip(n, notNeeded.get(n.id));
                continue;
            }
            NotificationChannel channel = channels.get(n.channel);
            n.attempts++;
            settle(n, channel == null ? NotificationChannel.Delivery.refused("no channel " + n.channel) : deliver(channel, n));
        }
        return due.size();
    }

    /**
     * Claims as many due notifications of the calling-out channels as there are free callers, and calls
     * each on the executor, after the claim's transaction has committed.
     */
    void callOut() {
        if (outbound.isEmpty()) {
            return;
        }
        while (true) {
            int free = callers.drainPermits();
            if (free == 0) {
                return;
            }
            List<Claim> claimed;
            try {
                claimed = QuarkusTransaction.requiringNew().call(() -> claim(free));
            } catch (RuntimeException e) {
                callers.release(free);
                throw e;
            }
            callers.release(free - claimed.size());
            for (Claim claim : claimed) {
                calls.execute(() -> call(claim));
            }
            if (claimed.size() < free) {
                return;
            }
        }
    }

    /** A notification taken for one call: the row as claimed (detached), and its attempt number. */
    record Claim(Notification notification, int attempt) {
    }

    private List<Claim> claim(int limit) {
        List<Claim> claimed = new ArrayList<>();
        List<Notification> due = due("IN", outbound, limit);
        Map<UUID, String> notNeeded = notNeeded(due);
        for (Notification n : due) {
            if (notNeeded.containsKey(n.id)) {
                skip(n, notNeeded.get(n.id));
                continue;
            }
            n.attempts++;
            n.nextAttemptAt = clock.instant().plus(lease);
            claimed.add(new Claim(n, n.attempts));
        }
        return claimed;
    }

    private void call(Claim claim) {
        try {
            NotificationChannel.Delivery delivery;
            try {
                delivery = deliver(channels.get(claim.notification().channel), claim.notification());
            } catch (RuntimeException e) {
                delivery = NotificationChannel.Delivery.retry("not sent: " + e.getClass().getSimpleName(), null);
            }
            NotificationChannel.Delivery outcome = delivery;
            QuarkusTransaction.requiringNew().run(() -> {
                Notification n = entityManager.find(Notification.class, claim.notification().id, LockModeType.PESSIMISTIC_WRITE);
                // Taken again after its lease, or settled elsewhere: that attempt's outcome counts, not this one.
                if (n != null && n.status == Notification.Status.PENDING && n.attempts == claim.attempt()) {
                    settle(n, outcome);
                }
            });
        } catch (RuntimeException e) {
            Log.warnf("outcome of notification %s not recorded, it is tried again when its lease ends: %s",
                    claim.notification().id, e.getMessage());
        } finally {
            callers.release();
        }
    }

    /** One attempt at delivery, in a span of the trace the notification was queued in (the reading's, for a page). */
    private NotificationChannel.Delivery deliver(NotificationChannel channel, Notification n) {
        Span span = traces.start("page " + n.channel, TraceContext.fromTraceParent(n.traceParent));
        span.setAttribute("notification.kind", n.kind);
        span.setAttribute("notification.attempt", n.attempts);
        try (Scope ignored = span.makeCurrent()) {
            NotificationChannel.Delivery delivery = channel.deliver(n);
            span.setAttribute("notification.outcome", delivery.outcome().name());
            return delivery;
        } catch (RuntimeException failed) {
            Traces.failed(span, failed);
            throw failed;
        } finally {
            span.end();
        }
    }

    @SuppressWarnings("unchecked")
    private List<Notification> due(String inOrNotIn, List<String> channelNames, int limit) {
        return entityManager.createNativeQuery("SELECT * FROM notification WHERE status = 'PENDING' AND next_attempt_at <= ?1 "
                        + "AND channel " + inOrNotIn + " (?2) ORDER BY next_attempt_at LIMIT ?3 FOR UPDATE SKIP LOCKED", Notification.class)
                .setParameter(1, clock.instant()).setParameter(2, channelNames).setParameter(3, limit).getResultList();
    }

    /** Records one attempt's outcome (the attempt already counted). */
    private void settle(Notification n, NotificationChannel.Delivery delivery) {
        Instant now = clock.instant();
        if (delivery.handedOver()) {
            n.sentAt = now;
            n.lastError = null;
            n.providerRef = delivery.providerRef();
            if (delivery.outcome() == NotificationChannel.Outcome.DELIVERED) {
                n.status = Notification.Status.DELIVERED;
                n.deliveredAt = now;
                n.receipt = "confirmed by " + n.channel + " on hand-over";
            } else {
                n.status = Notification.Status.SENT;
            }
            outcome(n, NotificationOutcome.SENT);
            meters.counter("alerts.notifications.sent", "channel", n.channel).increment();
            if (n.status == Notification.Status.DELIVERED) {
                outcome(n, NotificationOutcome.DELIVERED);
                meters.counter("alerts.notifications.delivered", "channel", n.channel).increment();
            } else {
                receipts.applyEarly(n);
            }
        } else if (delivery.retryable() && n.attempts < maxAttempts) {
            n.lastError = delivery.error();
            n.nextAttemptAt = now.plus(retryAfter(delivery.retryAfter(), n.attempts));
            meters.counter("alerts.notifications.retried", "channel", n.channel).increment();
        } else {
            n.status = Notification.Status.FAILED;
            n.lastError = delivery.error() + (delivery.retryable() ? "; gave up after " + n.attempts + " attempts" : "");
            outcome(n, NotificationOutcome.FAILED);
            meters.counter("alerts.notifications.failed", "channel", n.channel).increment();
            Log.warnf("notification %s of alert %s given up: %s", n.id, n.alertId, n.lastError);
        }
    }

    /**
     * Of these due notifications, those no longer needed, and why: another channel of the same step (round, kind,
     * person) has a receipt, or the alert was acknowledged since the notification was queued, or resolved. Only
     * those not tried yet: a retry of a channel already under way is left to finish.
     */
    private Map<UUID, String> notNeeded(List<Notification> due) {
        List<UUID> untried = due.stream().filter(n -> n.attempts == 0).map(n -> n.id).toList();
        if (untried.isEmpty()) {
            return Map.of();
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                        SELECT n.id, CASE
                                WHEN a.status = 'RESOLVED' THEN 'not needed: the alert was resolved'
                                WHEN a.acknowledged_at >= n.created_at THEN 'not needed: acknowledged by ' || a.acknowledged_by
                                ELSE 'not needed: delivered on another channel' END
                        FROM notification n JOIN alert a ON a.id = n.alert_id
                        WHERE n.id IN (?1)
                          AND (a.status = 'RESOLVED' OR a.acknowledged_at >= n.created_at
                               OR EXISTS (SELECT 1 FROM notification d WHERE d.alert_id = n.alert_id AND d.round = n.round
                                          AND d.step = n.step AND d.kind = n.kind AND d.recipient = n.recipient
                                          AND d.status = 'DELIVERED'))""")
                .setParameter(1, untried).getResultList();
        return rows.stream().collect(Collectors.toMap(r -> (UUID) r[0], r -> (String) r[1]));
    }

    private void skip(Notification n, String why) {
        n.status = Notification.Status.SKIPPED;
        n.lastError = why;
        meters.counter("alerts.notifications.skipped", "channel", n.channel).increment();
    }

    /** The receiver's Retry-After when it gave one, at most {@link #MAX_RETRY_AFTER}; else our own backoff. */
    Duration retryAfter(Duration asked, int attempts) {
        if (asked == null || asked.isNegative()) {
            return backoff(attempts);
        }
        return asked.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : asked;
    }

    Duration backoff(int attempts) {
        return backoff(firstBackoff, attempts);
    }

    /** 1, 2, 4... times the first backoff, at most a minute: for every outbound call alerting retries. */
    public static Duration backoff(Duration firstBackoff, int attempts) {
        Duration wait = firstBackoff.multipliedBy(1L << Math.min(attempts - 1, 20));
        return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
    }

    /** A receiver's Retry-After in seconds, at most {@link #MAX_RETRY_AFTER}; an HTTP date or garbage: our own backoff. */
    public static Optional<Duration> retryAfterSeconds(String retryAfter) {
        String digits = retryAfter.trim();
        if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        Duration asked = Duration.ofSeconds(Long.parseLong(digits));
        return Optional.of(asked.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : asked);
    }

    private void outcome(Notification n, care.ketamine.contracts.EventType<NotificationOutcome> type) {
        outbox.append(Topics.ALERTS_EVENTS, EventEnvelope.wrap(type, n.sessionId, new NotificationOutcome(n.id, n.alertId,
                n.sessionId, n.step, n.kind, n.recipient, n.recipientRole, n.channel, n.attempts, n.lastError,
                clock.instant()), clock));
    }
}
