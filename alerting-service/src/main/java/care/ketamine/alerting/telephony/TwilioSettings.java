package care.ketamine.alerting.telephony;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** Twilio's account, sender and where its status callbacks reach us ({@code alerting.twilio.*}). */
@ConfigMapping(prefix = "alerting.twilio")
public interface TwilioSettings {

    /** AC..., the account the messages and calls are made on. */
    Optional<String> accountSid();

    /** The account's auth token: the API's password, and the key Twilio signs its callbacks with. */
    Optional<String> authToken();

    /** The number texts come from and calls are placed from (E.164). */
    Optional<String> from();

    /** MG...: texts go through this messaging service instead of {@link #from()} (calls still need from). */
    Optional<String> messagingServiceSid();

    /** Twilio's REST API; a test points it at a receiver on loopback. */
    @WithDefault("https://api.twilio.com")
    URI apiUrl();

    /**
     * Alerting's public address as Twilio reaches it (e.g. https://alerting.clinic.example): the status callbacks'
     * URL, and the URL their signatures are computed over, whatever the Host header says.
     */
    Optional<URI> callbackBaseUrl();

    /** Connect, and the wait for an answer; a call to the API lasts at most twice this. */
    @WithDefault("5S")
    Duration timeout();
}
