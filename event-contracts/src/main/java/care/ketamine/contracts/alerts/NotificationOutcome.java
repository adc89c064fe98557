package care.ketamine.contracts.alerts;

import care.ketamine.contracts.EventType;

import java.time.Instant;
import java.util.UUID;

/**
 * A notification about an alert was handed over to its channel (sent), confirmed by a receipt (delivered), or
 * given up on or reported undelivered by its provider (failed), on {@code alerts.events} (key sessionId).
 *
 * @param kind      PAGE (a new problem in the session), UPDATE (another problem while one is paged) or ESCALATION
 * @param recipient who it was for: a clinician's or on-call person's id
 * @param channel   sse, push, email, sms, voice, pagerduty or webhook
 */
public record NotificationOutcome(UUID notificationId, UUID alertId, String sessionId, int escalationStep, String kind,
                                  String recipient, String recipientRole, String channel, int attempts, String error,
                                  Instant at) {

    public static final EventType<NotificationOutcome> SENT = new EventType<>("notification.sent", 1, NotificationOutcome.class);
    public static final EventType<NotificationOutcome> DELIVERED = new EventType<>("notification.delivered", 1, NotificationOutcome.class);
    public static final EventType<NotificationOutcome> FAILED = new EventType<>("notification.failed", 1, NotificationOutcome.class);
}
