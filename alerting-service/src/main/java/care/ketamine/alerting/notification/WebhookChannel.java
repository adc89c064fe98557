package care.ketamine.alerting.notification;

import care.ketamine.alerting.notificationlog.Notification;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Posts the notification's JSON to the paging gateway's webhook. The receiver verifies it with
 * {@code X-Signature-256: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>} and
 * {@code X-Signature-Timestamp}; a replayed or altered body fails the check. 429
 * and 5xx or no answer are retried (a 429's or 503's Retry-After honoured, at most an hour); any other 4xx is refused
 * for good. 2xx means the gateway took it (SENT); delivery is known from acknowledgement. The URL must be https, or http to a loopback address. A call lasts at most twice the timeout.
 */
@ApplicationScoped
public class WebhookChannel implements NotificationChannel {

    private final Optional<URI> url;
    private final byte[] secret;
    private final Duration timeout;
    private final Clock clock;
    private final HttpClient http;

    public WebhookChannel(@ConfigProperty(name = "alerting.webhook.url") Optional<URI> url,
                          @ConfigProperty(name = "alerting.webhook.secret") Optional<String> secret,
                          @ConfigProperty(name = "alerting.webhook.timeout", defaultValue = "5S") Duration timeout,
                          Clock clock) {
        this.url = url;
        this.secret = secret.orElse("").getBytes(StandardCharsets.UTF_8);
        this.timeout = timeout;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        url.ifPresent(WebhookChannel::requireSafe);
        if (url.isPresent() && this.secret.length < 16) {
            throw new IllegalStateException("alerting.webhook.secret must be set (16 characters or more) when alerting.webhook.url is");
        }
    }

    /** Pages carry patient context: they go over TLS, unless to a receiver on this machine. */
    static void requireSafe(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
        String host = url.getHost() == null ? "" : url.getHost().toLowerCase(java.util.Locale.ROOT);
        boolean loopback = host.equals("localhost") || host.matches("127(\\.\\d{1,3}){3}") || host.equals("[::1]") || host.equals("::1");
        if (!(scheme.equals("https") || (scheme.equals("http") && loopback)) || host.isEmpty()) {
            throw new IllegalStateException("alerting.webhook.url must be an https URL (http only to a loopback address such as "
                    + "127.0.0.1), not " + scheme + "://" + host);
        }
    }

    @Override
    public String name() {
        return "webhook";
    }

    @Override
    public boolean enabled() {
        return url.isPresent();
    }

    @Override
    public boolean callsOut() {
        return true;
    }

    /** The signature a receiver recomputes to trust the body. */
    public static String signature(byte[] secret, String timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JVM", e);
        }
    }

    @Override
    public Delivery deliver(Notification notification) {
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        HttpRequest request = HttpRequest.newBuilder(url.orElseThrow())
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("X-Notification-Id", notification.id.toString())
                .header("X-Signature-Timestamp", timestamp)
                .header("X-Signature-256", signature(secret, timestamp, notification.payload))
                .POST(HttpRequest.BodyPublishers.ofString(notification.payload))
                .build();
        // The request timeout ends the wait for the answer's head, not for its body: the whole call is bounded here.
        java.util.concurrent.CompletableFuture<HttpResponse<Void>> call = http.sendAsync(request, HttpResponse.BodyHandlers.discarding());
        try {
            HttpResponse<Void> response = call.get(timeout.toMillis() * 2, java.util.concurrent.TimeUnit.MILLISECONDS);
            int status = response.statusCode();
            if (status / 100 == 2) {
                return Delivery.sent(null);
            }
            if (status == 429 || status == 503) {
                return Delivery.retry("answered " + status, response.headers().firstValue("Retry-After")
                        .flatMap(NotificationDispatcher::retryAfterSeconds).orElse(null));
            }
            return status >= 500 ? Delivery.retry("answered " + status, null) : Delivery.refused("answered " + status);
        } catch (java.util.concurrent.ExecutionException e) {
            return Delivery.retry("no answer: " + e.getCause().getClass().getSimpleName(), null);
        } catch (java.util.concurrent.TimeoutException e) {
            call.cancel(true);
            return Delivery.retry("no answer within " + timeout.multipliedBy(2).toSeconds() + " s", null);
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            return Delivery.retry("interrupted", null);
        }
    }

}
