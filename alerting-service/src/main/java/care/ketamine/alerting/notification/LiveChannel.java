package care.ketamine.alerting.notification;

import care.ketamine.platform.notify.PostgresNotifications;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

/**
 * Server-Sent Events to the console and on-call screens: the notification's id is NOTIFYed in the
 * dispatcher's transaction, and every replica reads it and pushes it to the recipient's open streams
 * ({@link NotificationStream}). Delivered means handed to the live screens, not read by a person:
 * that is what acknowledgement and escalation are for.
 */
@ApplicationScoped
public class LiveChannel implements NotificationChannel {

    /** The NOTIFY channel; the payload is the notification's id, never its content (PostgreSQL's limit is 8,000 bytes). */
    public static final String CHANNEL = "staff_notifications";

    private final EntityManager entityManager;

    public LiveChannel(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    @Override
    public String name() {
        return "sse";
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public Delivery deliver(Notification notification) {
        PostgresNotifications.send(entityManager, CHANNEL, notification.id.toString());
        return Delivery.ok();
    }
}
