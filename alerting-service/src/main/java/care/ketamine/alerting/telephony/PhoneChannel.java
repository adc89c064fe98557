package care.ketamine.alerting.telephony;

import care.ketamine.alerting.contact.StaffContact;
import care.ketamine.alerting.notificationlog.Notification;
import care.ketamine.alerting.notification.NotificationChannel;
import care.ketamine.alerting.notification.PageText;
import care.ketamine.platform.json.StoredJson;

import java.net.URI;
import java.util.Optional;

/**
 * A page to the person's phone through the telephony provider: a text or a call, nothing about the patient. Its
 * channels are singletons (no client proxy, so no no-argument constructor is needed here).
 */
abstract class PhoneChannel implements NotificationChannel {

    protected final TelephonyProvider provider;
    private final StoredJson json;
    private final URI console;

    PhoneChannel(TelephonyProvider provider, StoredJson json, URI console) {
        this.provider = provider;
        this.json = json;
        this.console = console;
    }

    /** Hands the page's words to the provider for this number. */
    abstract Delivery send(String phone, PageText text);

    @Override
    public Optional<String> addressOf(StaffContact person) {
        return person.phoneNumber();
    }

    @Override
    public boolean callsOut() {
        return true;
    }

    @Override
    public Delivery deliver(Notification notification) {
        return send(notification.address, PageText.of(notification, json, console, false));
    }
}
