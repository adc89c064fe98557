package care.ketamine.alerting.telephony;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class TwilioSignatureTest {

    /** Twilio's own worked example: auth token 12345, a voice request to mycompany.com with these parameters. */
    private static final String URL = "https://mycompany.com/myapp.php?foo=1&bar=2";
    private static final Map<String, List<String>> PARAMS = Map.of(
            "CallSid", List.of("CA1234567890ABCDE"),
            "Caller", List.of("+14158675309"),
            "Digits", List.of("1234"),
            "From", List.of("+14158675309"),
            "To", List.of("+18005551212"));

    @Test
    void shouldComputeTwiliosDocumentedExampleSignature() {
        assertThat(TwilioSignature.of("12345", URL, PARAMS)).isEqualTo("RSOYDt4T1cUTdK1PDd93/VVr8B8=");
        assertThat(TwilioSignature.matches("12345", URL, PARAMS, "RSOYDt4T1cUTdK1PDd93/VVr8B8=")).isTrue();
    }

    @Test
    void shouldRefuseAnAlteredParameterUrlOrTokenAndAMissingSignature() {
        String good = TwilioSignature.of("12345", URL, PARAMS);
        Map<String, List<String>> altered = new java.util.HashMap<>(PARAMS);
        altered.put("Digits", List.of("1235"));
        assertThat(TwilioSignature.matches("12345", URL, altered, good)).isFalse();
        assertThat(TwilioSignature.matches("12345", "https://mycompany.com/myapp.php?foo=1&bar=3", PARAMS, good)).isFalse();
        assertThat(TwilioSignature.matches("54321", URL, PARAMS, good)).isFalse();
        assertThat(TwilioSignature.matches("12345", URL, PARAMS, null)).isFalse();
        assertThat(TwilioSignature.matches("12345", URL, PARAMS, "")).isFalse();
    }

    @Test
    void shouldReadTwiliosAnswersAsSentRetryOrRefused() {
        Twilio twilio = new Twilio(new Settings(), new com.fasterxml.jackson.databind.ObjectMapper());
        assertThat(twilio.outcome(201, "{\"sid\": \"SM0123\", \"status\": \"queued\"}", Optional.empty()).providerRef())
                .isEqualTo("SM0123");
        var refused = twilio.outcome(400, "{\"code\": 21211, \"message\": \"The 'To' number +1555 is not a valid phone number.\","
                + " \"more_info\": \"https://www.twilio.com/docs/errors/21211\", \"status\": 400}", Optional.empty());
        assertThat(refused.outcome()).isEqualTo(care.ketamine.alerting.notification.NotificationChannel.Outcome.REFUSED);
        assertThat(refused.error()).contains("400").contains("21211").contains("not a valid phone number");
        var busy = twilio.outcome(429, "{\"code\": 20429, \"message\": \"Too Many Requests\"}", Optional.of("7"));
        assertThat(busy.retryable()).isTrue();
        assertThat(busy.retryAfter()).hasSeconds(7);
        assertThat(twilio.outcome(503, "", Optional.empty()).retryable()).isTrue();
        assertThat(Twilio.twiml("Fish & <chips>")).isEqualTo(
                "<Response><Say>Fish &amp; &lt;chips&gt;</Say><Pause length=\"1\"/><Say>Fish &amp; &lt;chips&gt;</Say></Response>");
    }

    /** Twilio not set up: only the reading of answers is used here. */
    private static final class Settings implements TwilioSettings {
        public Optional<String> accountSid() { return Optional.empty(); }
        public Optional<String> authToken() { return Optional.empty(); }
        public Optional<String> from() { return Optional.empty(); }
        public Optional<String> messagingServiceSid() { return Optional.empty(); }
        public java.net.URI apiUrl() { return java.net.URI.create("https://api.twilio.com"); }
        public Optional<java.net.URI> callbackBaseUrl() { return Optional.empty(); }
        public java.time.Duration timeout() { return java.time.Duration.ofSeconds(1); }
    }
}
