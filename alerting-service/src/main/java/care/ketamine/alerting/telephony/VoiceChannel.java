package care.ketamine.alerting.telephony;

import care.ketamine.alerting.notification.PageText;
import care.ketamine.platform.json.StoredJson;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;

/**
 * Pages by a phone call that speaks the page (severity and rule, no patient details) to the person's number.
 * DELIVERED when the call is answered; no answer, busy, failed or canceled is FAILED.
 */
@Singleton
public class VoiceChannel extends PhoneChannel {

    public VoiceChannel(TelephonyProvider provider, StoredJson json, @ConfigProperty(name = "alerting.console-url") URI console) {
        super(provider, json, console);
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
    Delivery send(String phone, PageText text) {
        return provider.call(phone, text.spoken(), provider.statusCallback());
    }
}
