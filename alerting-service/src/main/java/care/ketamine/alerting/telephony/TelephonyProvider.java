package care.ketamine.alerting.telephony;

import care.ketamine.alerting.notification.NotificationChannel.Delivery;

import java.net.URI;

/**
 * A provider that sends text messages and places calls for us, and reports back through a status callback whether
 * they reached the phone. One implementation today: {@link Twilio}.
 */
public interface TelephonyProvider {

    /** Whether text messages can be sent (account, credentials and a sender set up). */
    boolean sendsSms();

    /** Whether calls can be placed (account, credentials and a calling number set up). */
    boolean places();

    /** Where the provider reports what became of a message or call (its status callback, on our public address). */
    URI statusCallback();

    /**
     * Hands a text message to the provider once; never throws.
     *
     * @param to       E.164
     * @param callback where the provider reports the message's delivery
     * @return SENT with the provider's id for the message, or why not
     */
    Delivery sendSms(String to, String text, URI callback);

    /** Places a call that speaks {@code spoken} once; never throws. SENT with the provider's id for the call. */
    Delivery call(String to, String spoken, URI callback);
}
