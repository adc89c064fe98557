package care.ketamine.alerting.notificationlog;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

@Schema(description = "One entry of an alert's notification log")
public record NotificationView(UUID id, int round, int step, String kind, String channel, String recipient, String recipientRole,
                               @Schema(description = "PENDING (to be tried at dueAt), SENT (handed over, a receipt awaited), "
                                       + "DELIVERED (a receipt came), FAILED, SKIPPED (not needed, or no address on file; see lastError)")
                               Notification.Status status, int attempts, String lastError, Instant createdAt, Instant sentAt,
                               String reason,
                               @Schema(description = "When the channel is (or was) due to be tried") Instant dueAt,
                               Instant deliveredAt,
                               @Schema(description = "What showed it was delivered") String receipt) {

    public static NotificationView of(Notification n) {
        return new NotificationView(n.id, n.round, n.step, n.kind, n.channel, n.recipient, n.recipientRole, n.status, n.attempts,
                n.lastError, n.createdAt, n.sentAt, n.reason, n.nextAttemptAt, n.deliveredAt, n.receipt);
    }
}
