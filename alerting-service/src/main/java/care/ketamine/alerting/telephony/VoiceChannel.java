package care.ketamine.alerting.telephony;

import care.ketamine.alerting.contact.StaffContact;
import care.ketamine.alerting.notification.Notification;
import care.ketamine.alerting.notification.NotificationChannel;
import care.ketamine.alerting.notification.PageText;
import care.ketamine.platform.json.StoredJson;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;
import java.util.Optional;

/**
 * Pages by a phone call that speaks the page (severity and rule, no patient details) to the person's number.
 * DELIVERED when the call is answered; no answer, busy, failed or canceled is FAILED.
 */
@ApplicationScoped
public class VoiceChannel implements NotificationChannel {

    private final TelephonyProvider provider;
    private final StoredJson json;
    private final URI console;

    public VoiceChannel(TelephonyProvider provider, StoredJson json,
                        @ConfigProperty(name = "alerting.console-url") URI console) {
        this.provider = provider;
        this.json = json;
        this.console = console;
    }

    @Override
    public String name() {
        return "voice";
    }

    @Override
    public boolean enabled() {
        return provider.places();
    }

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
        PageText text = PageText.of(notification, json, console, false);
        return provider.call(notification.address, text.spoken(), provider.statusCallback());
    }
}
