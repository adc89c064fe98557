package care.ketamine.alerting.telephony;

import care.ketamine.alerting.notification.PageText;
import care.ketamine.platform.json.StoredJson;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;

/**
 * Pages by text message to the person's mobile number: severity, the rule in plain words and the console's link,
 * nothing about the patient. SENT when the provider took it; DELIVERED when its status callback says the phone got it.
 */
@Singleton
public class SmsChannel extends PhoneChannel {

    public SmsChannel(TelephonyProvider provider, StoredJson json, @ConfigProperty(name = "alerting.console-url") URI console) {
        super(provider, json, console);
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
    Delivery send(String phone, PageText text) {
        return provider.sendSms(phone, text.sms(), provider.statusCallback());
    }
}
