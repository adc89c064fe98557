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
 * Pages by text message to the person's mobile number: severity, the rule in plain words and the console's link,
 * nothing about the patient. SENT when the provider took it; DELIVERED when its status callback says the phone got it.
 */
@ApplicationScoped
public class SmsChannel implements NotificationChannel {

    private final TelephonyProvider provider;
    private final StoredJson json;
    private final URI console;

    public SmsChannel(TelephonyProvider provider, StoredJson json,
                      @ConfigProperty(name = "alerting.console-url") URI console) {
        this.provider = provider;
        this.json = json;
        this.console = console;
    }

    @Override
    public String name() {
        return "sms";
    }

    @Override
    public boolean enabled() {
        return provider.sendsSms();
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
        return provider.sendSms(notification.address, text.sms(), provider.statusCallback());
    }
}
