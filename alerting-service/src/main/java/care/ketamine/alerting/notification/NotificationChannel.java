package care.ketamine.alerting.notification;

import care.ketamine.alerting.contact.StaffContact;

import care.ketamine.alerting.notificationlog.Notification;
import java.time.Duration;
import java.util.Optional;

/**
 * A way to reach a person: the live screens (sse), Web Push, email, SMS, a voice call, a PagerDuty-compatible
 * service, a signed webhook. A channel hands a notification over; it counts as delivered only on a receipt
 * (the provider's delivery callback, the person's screen answering, an acknowledgement), which
 * {@link DeliveryReceipts} records. Which channels a step uses, and when, is its delivery plan.
 */
public interface NotificationChannel {

    /** The channel's name in delivery plans and the notification log: sse, push, email, sms, voice, pagerduty, webhook. */
    String name();

    /** Whether the channel is set up in this deployment. */
    boolean enabled();

    /**
     * Where this channel reaches the person (their email address, phone number, or staff id), or empty when they have
     * nothing on file for it: the notification is then skipped, saying so, and the step's other channels carry it.
     */
    default Optional<String> addressOf(StaffContact person) {
        return Optional.of(person.staffId());
    }

    /** Tries once to hand the notification over, to {@link Notification#address}; never throws. */
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

    /** How one try ended. */
    enum Outcome {
        /** Delivered, with proof in hand (rare at hand-over: most receipts come later). */
        DELIVERED,
        /** Handed over (a provider accepted it, a screen was given it); a receipt is awaited. */
        SENT,
        /** Not handed over; worth trying again. */
        RETRY,
        /** Not handed over, and trying again would not help. */
        REFUSED
    }

    /**
     * @param providerRef the provider's id for the message, which its delivery callbacks name; null when it has none
     * @param retryAfter  when the receiver said when to come back (429 Retry-After), else null
     */
    record Delivery(Outcome outcome, String providerRef, Duration retryAfter, String error) {

        public static Delivery delivered() {
            return new Delivery(Outcome.DELIVERED, null, null, null);
        }

        public static Delivery sent(String providerRef) {
            return new Delivery(Outcome.SENT, providerRef, null, null);
        }

        public static Delivery retry(String error, Duration retryAfter) {
            return new Delivery(Outcome.RETRY, null, retryAfter, error);
        }

        public static Delivery refused(String error) {
            return new Delivery(Outcome.REFUSED, null, null, error);
        }

        public boolean handedOver() {
            return outcome == Outcome.DELIVERED || outcome == Outcome.SENT;
        }

        public boolean retryable() {
            return outcome == Outcome.RETRY;
        }
    }
}
