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
     * Whether delivering calls another system over the network. Such a channel is delivered outside
     * any transaction and row lock, on the dispatcher's bounded executor for outbound calls, so a slow
     * receiver holds up neither the database nor another channel. Else it is delivered in the
     * dispatcher's transaction (a live screen's NOTIFY goes out at its commit).
     */
    default boolean callsOut() {
        return false;
    }

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
