package care.ketamine.alerting.notification;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

@Schema(description = "One entry of an alert's notification log")
public record NotificationView(UUID id, int round, int step, String kind, String channel, String recipient, String recipientRole,
                               Notification.Status status, int attempts, String lastError, Instant createdAt, Instant sentAt,
                               String reason) {

    public static NotificationView of(Notification n) {
        return new NotificationView(n.id, n.round, n.step, n.kind, n.channel, n.recipient, n.recipientRole, n.status, n.attempts,
                n.lastError, n.createdAt, n.sentAt, n.reason);
    }
}
