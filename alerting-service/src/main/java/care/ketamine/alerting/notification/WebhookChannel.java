package care.ketamine.alerting.notification;

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
 * {@code X-Signature-Timestamp}; a replayed or altered body fails the check. 2xx is delivered; 429
 * and 5xx or no answer are retried (429's Retry-After honoured); any other 4xx is refused for good.
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
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        if (url.isPresent() && this.secret.length < 16) {
            throw new IllegalStateException("alerting.webhook.secret must be set (16 characters or more) when alerting.webhook.url is");
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
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            if (status / 100 == 2) {
                return Delivery.ok();
            }
            if (status == 429) {
                return Delivery.retry("429 Too Many Requests", response.headers().firstValue("Retry-After")
                        .flatMap(WebhookChannel::seconds).orElse(null));
            }
            return status >= 500 ? Delivery.retry("answered " + status, null) : Delivery.refused("answered " + status);
        } catch (java.io.IOException e) {
            return Delivery.retry("no answer: " + e.getClass().getSimpleName(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Delivery.retry("interrupted", null);
        }
    }

    private static Optional<Duration> seconds(String retryAfter) {
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(retryAfter.trim()))));
        } catch (NumberFormatException e) {
            return Optional.empty(); // an HTTP date: fall back to our own backoff
        }
    }
}
