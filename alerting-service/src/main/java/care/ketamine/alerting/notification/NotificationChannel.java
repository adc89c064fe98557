package care.ketamine.alerting.notification;

import java.time.Duration;

/** A way to reach a person. Implementations: webhook (a paging gateway) and live screens (SSE). */
public interface NotificationChannel {

    /** The channel's name in the notification log: webhook, sse. */
    String name();

    /** Whether the channel is set up in this deployment. */
    boolean enabled();

    /** Tries once to deliver; never throws. */
    Delivery deliver(Notification notification);

    /**
     * @param retryAfter when the receiver said when to come back (429 Retry-After), else null
     */
    record Delivery(boolean delivered, boolean retryable, Duration retryAfter, String error) {

        public static Delivery ok() {
            return new Delivery(true, false, null, null);
        }

        public static Delivery retry(String error, Duration retryAfter) {
            return new Delivery(false, true, retryAfter, error);
        }

        public static Delivery refused(String error) {
            return new Delivery(false, false, null, error);
        }
    }
}
