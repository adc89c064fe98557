package care.ketamine.alerting.notificationlog;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One notification of an alert to one person on one channel, with its delivery attempts (the notification log). */
@Entity
@Table(name = "notification")
public class Notification extends PanacheEntityBase {

    /**
     * PENDING: to be tried (at next_attempt_at); SENT: handed over, a receipt awaited; DELIVERED: a receipt came;
     * FAILED: given up, or the provider reported it undelivered; SKIPPED: not tried (the step was delivered or
     * acknowledged first, or the person has no address for the channel).
     */
    public enum Status { PENDING, SENT, DELIVERED, FAILED, SKIPPED }

    @Id
    public UUID id;
    @Column(name = "alert_id")
    public UUID alertId;
    @Column(name = "session_id")
    public String sessionId;
    public int round;
    public int step;
    /** PAGE, UPDATE, ESCALATION, REPAGE or CONFIRMED. */
    public String kind;
    /** Why it was sent: raised, reopened, not acknowledged, worse since acknowledged, not resolved in time. */
    public String reason;
    public String channel;
    public String recipient;
    @Column(name = "recipient_role")
    public String recipientRole;
    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    public Status status;
    public int attempts;
    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;
    @Column(name = "last_error")
    public String lastError;
    public String payload;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "sent_at")
    public Instant sentAt;
    /** Where the channel reaches the person: their email address, phone number, or staff id. */
    public String address;
    /** The provider's id for the message, which its delivery callbacks name. */
    @Column(name = "provider_ref")
    public String providerRef;
    @Column(name = "delivered_at")
    public Instant deliveredAt;
    /** What showed it was delivered: the provider's callback, the person's screen, an acknowledgement. */
    public String receipt;
    /** The trace it was queued in (W3C traceparent), which its delivery continues; null when none. */
    @Column(name = "trace_parent")
    public String traceParent;
}
