package care.ketamine.alerting.notification;

import care.ketamine.alerting.notificationlog.Notification;
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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Receipts: what turns a sent notification into a delivered one (the provider's delivery callback, the person's
 * screen answering), or into a failed one (the provider reports it undelivered, unanswered, busy). Receipts come
 * late, twice, or out of order: a delivered notification stays delivered, and a receipt for one that is not sent
 * yet, or given up, changes nothing but its own record. A provider's callback can also come before we have recorded
 * the provider's id for the message (it answers our request, then calls back, while we commit): that receipt waits in
 * {@code early_receipt} and is applied when the id is recorded. Both sides hold a lock on the id while they look, so
 * one of them always sees the other.
 */
@ApplicationScoped
public class DeliveryReceipts {

    /** What a receipt did; KEPT: no message has that provider id yet, the receipt waits for it. */
    public enum Result { DELIVERED, FAILED, ALREADY_SETTLED, KEPT, UNKNOWN }

    /** A receipt for an id nobody records within this long was not about a message of ours. */
    static final Duration KEEP_EARLY = Duration.ofDays(1);

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
        return byReference(channel, providerRef, true, how);
    }

    /** The provider reports the message did not reach the person (failed, undelivered, no answer, busy). */
    @Transactional
    public Result failedByReference(String channel, String providerRef, String why) {
        return byReference(channel, providerRef, false, why);
    }

    /**
     * The provider's id for this message was just recorded (in the caller's transaction, the notification locked):
     * a receipt that came before it is applied now, a delivery before a failure.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void applyEarly(Notification n) {
        if (n.providerRef == null) {
            return;
        }
        lockReference(n.channel, n.providerRef);
        @SuppressWarnings("unchecked")
        List<Object[]> kept = entityManager.createNativeQuery("""
                        SELECT delivered, note FROM early_receipt WHERE channel = ?1 AND provider_ref = ?2
                        ORDER BY delivered DESC""")
                .setParameter(1, n.channel).setParameter(2, n.providerRef).getResultList();
        if (kept.isEmpty()) {
            return;
        }
        entityManager.createNativeQuery("DELETE FROM early_receipt WHERE channel = ?1 AND provider_ref = ?2")
                .setParameter(1, n.channel).setParameter(2, n.providerRef).executeUpdate();
        Log.infof("notification %s: the %s receipt that came before its id was recorded is applied", n.id, n.channel);
        settle(n, (Boolean) kept.get(0)[0], (String) kept.get(0)[1]);
    }

    /** The notification as it stands, for a caller that must check whose it is before answering for it. */
    @Transactional
    public Optional<Notification> find(UUID notificationId) {
        return Optional.ofNullable(entityManager.find(Notification.class, notificationId));
    }

    private Optional<Notification> locked(UUID id) {
        return Optional.ofNullable(entityManager.find(Notification.class, id, LockModeType.PESSIMISTIC_WRITE));
    }

    private Result byReference(String channel, String providerRef, boolean delivered, String note) {
        if (providerRef == null || providerRef.isBlank()) {
            return Result.UNKNOWN;
        }
        lockReference(channel, providerRef);
        List<Notification> found = entityManager.createQuery(
                        "FROM Notification WHERE channel = ?1 AND providerRef = ?2", Notification.class)
                .setParameter(1, channel).setParameter(2, providerRef).setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList();
        if (!found.isEmpty()) {
            return settle(found.get(0), delivered, note);
        }
        Instant now = clock.instant();
        entityManager.createNativeQuery("""
                        INSERT INTO early_receipt (channel, provider_ref, delivered, note, received_at)
                        VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING""")
                .setParameter(1, channel).setParameter(2, providerRef).setParameter(3, delivered).setParameter(4, note)
                .setParameter(5, now).executeUpdate();
        entityManager.createNativeQuery("DELETE FROM early_receipt WHERE received_at < ?1")
                .setParameter(1, now.minus(KEEP_EARLY)).executeUpdate();
        meters.counter("alerts.notifications.receipts.kept", "channel", channel).increment();
        return Result.KEPT;
    }

    /** Held until the transaction ends, by a receipt looking for its message and by the message's id being recorded. */
    private void lockReference(String channel, String providerRef) {
        entityManager.createNativeQuery("SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtext(?1))) AS held")
                .setParameter(1, channel + ":" + providerRef).getSingleResult();
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
