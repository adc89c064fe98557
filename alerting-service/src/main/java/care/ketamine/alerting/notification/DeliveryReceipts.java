package care.ketamine.alerting.notification;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventType;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.alerts.NotificationOutcome;
import care.ketamine.platform.outbox.Outbox;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Receipts: what turns a sent notification into a delivered one (the provider's delivery callback, the person's
 * screen answering), or into a failed one (the provider reports it undelivered, unanswered, busy). Receipts come
 * late, twice, or out of order: a delivered notification stays delivered, and a receipt for one that is not sent
 * yet, or given up, changes nothing but its own record.
 */
@ApplicationScoped
public class DeliveryReceipts {

    /** What a receipt did. */
    public enum Result { DELIVERED, FAILED, ALREADY_SETTLED, UNKNOWN }

    private final EntityManager entityManager;
    private final Outbox outbox;
    private final Clock clock;
    private final MeterRegistry meters;

    public DeliveryReceipts(EntityManager entityManager, Outbox outbox, Clock clock, MeterRegistry meters) {
        this.entityManager = entityManager;
        this.outbox = outbox;
        this.clock = clock;
        this.meters = meters;
    }

    /** The notification reached its person; {@code how} says what showed it (e.g. "answered by dr-ada's screen"). */
    @Transactional
    public Result delivered(UUID notificationId, String how) {
        return locked(notificationId).map(n -> settle(n, true, how)).orElse(Result.UNKNOWN);
    }

    /** As {@link #delivered(UUID, String)}, for the message a provider knows by its own id. */
    @Transactional
    public Result deliveredByReference(String channel, String providerRef, String how) {
        return byReference(channel, providerRef).map(n -> settle(n, true, how)).orElse(Result.UNKNOWN);
    }

    /** The provider reports the message did not reach the person (failed, undelivered, no answer, busy). */
    @Transactional
    public Result failedByReference(String channel, String providerRef, String why) {
        return byReference(channel, providerRef).map(n -> settle(n, false, why)).orElse(Result.UNKNOWN);
    }

    /** The notification as it stands, for a caller that must check whose it is before answering for it. */
    @Transactional
    public Optional<Notification> find(UUID notificationId) {
        return Optional.ofNullable(entityManager.find(Notification.class, notificationId));
    }

    private Optional<Notification> locked(UUID id) {
        return Optional.ofNullable(entityManager.find(Notification.class, id, LockModeType.PESSIMISTIC_WRITE));
    }

    private Optional<Notification> byReference(String channel, String providerRef) {
        if (providerRef == null || providerRef.isBlank()) {
            return Optional.empty();
        }
        List<Notification> found = entityManager.createQuery(
                        "FROM Notification WHERE channel = ?1 AND providerRef = ?2", Notification.class)
                .setParameter(1, channel).setParameter(2, providerRef).setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList();
        return found.stream().findFirst();
    }

    private Result settle(Notification n, boolean delivered, String note) {
        Instant now = clock.instant();
        if (n.status == Notification.Status.DELIVERED || n.status == Notification.Status.SKIPPED
                || (n.status == Notification.Status.FAILED && !delivered)) {
            return Result.ALREADY_SETTLED;
        }
        if (delivered) {
            // A receipt outranks a give-up: the person has it, whatever our tries made of it.
            n.status = Notification.Status.DELIVERED;
            n.deliveredAt = now;
            n.receipt = note;
            outcome(n, NotificationOutcome.DELIVERED, now);
            meters.counter("alerts.notifications.delivered", "channel", n.channel).increment();
            return Result.DELIVERED;
        }
        n.status = Notification.Status.FAILED;
        n.lastError = note;
        outcome(n, NotificationOutcome.FAILED, now);
        meters.counter("alerts.notifications.failed", "channel", n.channel).increment();
        Log.warnf("notification %s of alert %s reported undelivered by %s: %s", n.id, n.alertId, n.channel, note);
        return Result.FAILED;
    }

    private void outcome(Notification n, EventType<NotificationOutcome> type, Instant now) {
        outbox.append(Topics.ALERTS_EVENTS, EventEnvelope.wrap(type, n.sessionId, new NotificationOutcome(n.id, n.alertId,
                n.sessionId, n.step, n.kind, n.recipient, n.recipientRole, n.channel, n.attempts,
                type == NotificationOutcome.FAILED ? n.lastError : null, now), clock));
    }
}
