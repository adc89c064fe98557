package care.ketamine.alerting.telephony;

import care.ketamine.alerting.notification.NotificationChannel.Delivery;
import care.ketamine.alerting.notification.NotificationDispatcher;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Texts and calls through Twilio's REST API (2010-04-01): {@code POST /Accounts/{sid}/Messages.json} and
 * {@code Calls.json}, form-encoded, HTTP basic auth with the account sid and auth token, each with a StatusCallback
 * to {@link TwilioStatusResource}. 201 is SENT with Twilio's sid; 429 and 5xx (or no answer) are tried again, a
 * Retry-After honoured up to the dispatcher's longest backoff; any other 4xx is refused with Twilio's error code and
 * message (a number Twilio cannot reach, a blocked sender, bad credentials).
 */
@ApplicationScoped
public class Twilio implements TelephonyProvider {

    static final String STATUS_PATH = "/delivery/twilio/status";
    private static final Pattern ACCOUNT_SID = Pattern.compile("AC[0-9a-fA-F]{32}");

    private final TwilioSettings settings;
    private final ObjectMapper mapper;
    private final HttpClient http;
    private final boolean configured;

    public Twilio(TwilioSettings settings, ObjectMapper mapper) {
        this.settings = settings;
        this.mapper = mapper;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).followRedirects(HttpClient.Redirect.NEVER).build();
        this.configured = present(settings.accountSid()) && present(settings.authToken())
                && (present(settings.from()) || present(settings.messagingServiceSid()));
        if (configured) {
            if (!ACCOUNT_SID.matcher(settings.accountSid().get()).matches()) {
                throw new IllegalStateException("alerting.twilio.account-sid must be AC followed by 32 hex digits");
            }
            requireSafe("alerting.twilio.api-url", settings.apiUrl());
            requireSafe("alerting.twilio.callback-base-url", settings.callbackBaseUrl().orElseThrow(() -> new IllegalStateException(
                    "alerting.twilio.callback-base-url must be set when Twilio is: without status callbacks no text or "
                            + "call is ever known to be delivered")));
        }
    }

    private static boolean present(Optional<String> value) {
        return value.filter(v -> !v.isBlank()).isPresent();
    }

    /** Credentials and pages go over TLS, unless to something on this machine (a test's receiver, a local proxy). */
    static void requireSafe(String setting, URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
        boolean loopback = host.equals("localhost") || host.matches("127(\\.\\d{1,3}){3}") || host.equals("[::1]");
        if (host.isEmpty() || !(scheme.equals("https") || (scheme.equals("http") && loopback))) {
            throw new IllegalStateException(setting + " must be an https URL (http only to a loopback address), not " + url);
        }
    }

    @Override
    public boolean sendsSms() {
        return configured;
    }

    @Override
    public boolean places() {
        return configured && present(settings.from());
    }

    /** Where Twilio reports on what we sent, and the URL its signatures are computed over. */
    @Override
    public URI statusCallback() {
        URI base = settings.callbackBaseUrl().orElseThrow(() -> new IllegalStateException("alerting.twilio.callback-base-url is not set"));
        return URI.create(base.toString().replaceAll("/+$", "") + STATUS_PATH);
    }

    /** The auth token callbacks are signed with; empty when Twilio is not set up. */
    Optional<String> authToken() {
        return configured ? settings.authToken() : Optional.empty();
    }

    Optional<String> accountSid() {
        return configured ? settings.accountSid() : Optional.empty();
    }

    @Override
    public Delivery sendSms(String to, String text, URI callback) {
        List<Map.Entry<String, String>> form = new ArrayList<>();
        form.add(Map.entry("To", to));
        if (present(settings.messagingServiceSid())) {
            form.add(Map.entry("MessagingServiceSid", settings.messagingServiceSid().get()));
        } else {
            form.add(Map.entry("From", settings.from().orElseThrow()));
        }
        form.add(Map.entry("Body", text));
        form.add(Map.entry("StatusCallback", callback.toString()));
        return post("Messages.json", form);
    }

    @Override
    public Delivery call(String to, String spoken, URI callback) {
        List<Map.Entry<String, String>> form = new ArrayList<>();
        form.add(Map.entry("To", to));
        form.add(Map.entry("From", settings.from().orElseThrow()));
        form.add(Map.entry("Twiml", twiml(spoken)));
        // Answering machine detection: the answered callback says who answered (AnsweredBy), so voicemail is no receipt.
        form.add(Map.entry("MachineDetection", "Enable"));
        form.add(Map.entry("StatusCallback", callback.toString()));
        // Answered (in-progress) is the receipt; completed carries busy, no-answer, failed or canceled.
        form.add(Map.entry("StatusCallbackEvent", "answered"));
        form.add(Map.entry("StatusCallbackEvent", "completed"));
        form.add(Map.entry("StatusCallbackMethod", "POST"));
        return post("Calls.json", form);
    }

    /** Says the page, pauses, and says it again, for someone woken by the call. */
    static String twiml(String spoken) {
        String say = "<Say>" + xml(spoken) + "</Say>";
        return "<Response>" + say + "<Pause length=\"1\"/>" + say + "</Response>";
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&apos;");
    }

    static String formEncoded(List<Map.Entry<String, String>> form) {
        StringBuilder body = new StringBuilder();
        for (Map.Entry<String, String> field : form) {
            if (!body.isEmpty()) {
                body.append('&');
            }
            body.append(URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8));
        }
        return body.toString();
    }

    private Delivery post(String resource, List<Map.Entry<String, String>> form) {
        String account = settings.accountSid().orElseThrow();
        URI url = URI.create(settings.apiUrl().toString().replaceAll("/+$", "") + "/2010-04-01/Accounts/" + account + "/" + resource);
        String credentials = Base64.getEncoder().encodeToString((account + ":" + settings.authToken().orElseThrow())
                .getBytes(StandardCharsets.UTF_8));
        Duration timeout = settings.timeout();
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Authorization", "Basic " + credentials)
                .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(formEncoded(form)))
                .build();
        // As for the webhook: the request timeout ends the wait for the answer's head only; the whole call is bounded here.
        CompletableFuture<HttpResponse<String>> call = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        try {
            HttpResponse<String> response = call.get(timeout.toMillis() * 2, TimeUnit.MILLISECONDS);
            return outcome(response.statusCode(), response.body(), response.headers().firstValue("Retry-After"));
        } catch (ExecutionException e) {
            return Delivery.retry("no answer from Twilio: " + e.getCause().getClass().getSimpleName(), null);
        } catch (TimeoutException e) {
            call.cancel(true);
            return Delivery.retry("no answer from Twilio within " + timeout.multipliedBy(2).toSeconds() + " s", null);
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            return Delivery.retry("interrupted", null);
        }
    }

    Delivery outcome(int status, String body, Optional<String> retryAfter) {
        JsonNode json = parse(body);
        if (status == 200 || status == 201) {
            String sid = json.path("sid").asText("");
            return sid.isBlank() ? Delivery.retry("Twilio answered " + status + " without a sid", null) : Delivery.sent(sid);
        }
        String said = "Twilio answered " + status
                + (json.hasNonNull("code") ? " (error " + json.get("code").asText() + ")" : "")
                + (json.hasNonNull("message") ? ": " + oneLine(json.get("message").asText()) : "");
        if (status == 429 || status >= 500) {
            return Delivery.retry(said, retryAfter.flatMap(NotificationDispatcher::retryAfterSeconds).orElse(null));
        }
        return Delivery.refused(said);
    }

    private JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? mapper.createObjectNode() : mapper.readTree(body);
        } catch (java.io.IOException e) {
            return mapper.createObjectNode();
        }
    }

    private static String oneLine(String text) {
        String line = text.replaceAll("\\s+", " ").trim();
        return line.length() > 300 ? line.substring(0, 300) : line;
    }

}
