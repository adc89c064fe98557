package care.ketamine.alerting.notification;

import care.ketamine.alerting.notificationlog.Notification;
import care.ketamine.platform.notify.PostgresNotifications;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

/**
 * Server-Sent Events to the console and on-call screens: the notification's id is NOTIFYed in the
 * dispatcher's transaction, and every replica reads it and pushes it to the recipient's open streams
 * ({@link NotificationStream}). Handing it to the live screens is SENT; it is delivered when a signed-in screen
 * of the person answers that it has it ({@code POST /notifications/{id}/received}), or on acknowledgement.
 */
@ApplicationScoped
public class LiveChannel implements NotificationChannel {

    /** The NOTIFY channel; the payload is the notification's id, never its content (PostgreSQL's limit is 8,000 bytes). */
    public static final String CHANNEL = "staff_notifications";
    public static final String NAME = "sse";

    private final EntityManager entityManager;

    public LiveChannel(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public Delivery deliver(Notification notification) {
        PostgresNotifications.send(entityManager, CHANNEL, notification.id.toString());
        return Delivery.sent(null);
    }
}
