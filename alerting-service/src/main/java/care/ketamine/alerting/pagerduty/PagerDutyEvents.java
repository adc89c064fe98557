package care.ketamine.alerting.pagerduty;

import care.ketamine.alerting.notification.NotificationChannel.Delivery;
import care.ketamine.alerting.notification.NotificationDispatcher;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * PagerDuty's Events API v2 ({@code POST {base}/v2/enqueue}), which Opsgenie and Grafana OnCall also take: one
 * event (trigger, acknowledge, resolve) for the clinic's integration, named by its routing key. 202 means PagerDuty
 * took it; 400 that it never will (its message says why); 429 and 5xx, or no answer, are worth trying again.
 */
@ApplicationScoped
public class PagerDutyEvents {

    private final Optional<String> routingKey;
    private final URI enqueue;
    private final Duration timeout;
    private final ObjectMapper mapper;
    private final HttpClient http;

    public PagerDutyEvents(@ConfigProperty(name = "alerting.pagerduty.routing-key") Optional<String> routingKey,
                           @ConfigProperty(name = "alerting.pagerduty.url", defaultValue = "https://events.pagerduty.com") URI base,
                           @ConfigProperty(name = "alerting.pagerduty.timeout", defaultValue = "5S") Duration timeout,
                           ObjectMapper mapper) {
        this.routingKey = routingKey.map(String::strip).filter(key -> !key.isEmpty());
        this.enqueue = URI.create(base.toString().replaceAll("/+$", "") + "/v2/enqueue");
        this.timeout = timeout;
        this.mapper = mapper;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        if (this.routingKey.isPresent()) {
            requireSafe(base);
        }
    }

    /** Pages leave the clinic over TLS, unless to a receiver on this machine. */
    static void requireSafe(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
        boolean loopback = host.equals("localhost") || host.matches("127(\\.\\d{1,3}){3}") || host.equals("[::1]");
        if (host.isEmpty() || !(scheme.equals("https") || (scheme.equals("http") && loopback))) {
            throw new IllegalStateException("alerting.pagerduty.url must be an https URL (http only to a loopback address), not "
                    + scheme + "://" + host);
        }
    }

    public boolean enabled() {
        return routingKey.isPresent();
    }

    /** The longest one event takes to send: the connection, then the answer. */
    public Duration longestCall() {
        return timeout.multipliedBy(2);
    }

    /**
     * Sends one event; never throws.
     *
     * @param event the event without its routing key: event_action, dedup_key and, to trigger, payload
     * @return SENT with the dedup key PagerDuty answered, RETRY or REFUSED
     */
    public Delivery send(Map<String, Object> event) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("routing_key", routingKey.orElseThrow());
        body.putAll(event);
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(enqueue).timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(body)))
                    .build();
        } catch (JsonProcessingException e) {
            return Delivery.refused("event not written: " + e.getOriginalMessage());
        }
        CompletableFuture<HttpResponse<String>> call = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        try {
            HttpResponse<String> response = call.get(longestCall().toMillis(), TimeUnit.MILLISECONDS);
            int status = response.statusCode();
            JsonNode answer = read(response.body());
            if (status == 202 || status == 200) {
                String dedupKey = answer.path("dedup_key").asText(String.valueOf(event.get("dedup_key")));
                return Delivery.sent(dedupKey);
            }
            if (status == 429 || status >= 500) {
                return Delivery.retry("PagerDuty answered " + status, response.headers().firstValue("Retry-After")
                        .flatMap(NotificationDispatcher::retryAfterSeconds).orElse(null));
            }
            String message = answer.path("message").asText("");
            String errors = answer.path("errors").isArray() ? answer.path("errors").toString() : "";
            return Delivery.refused("PagerDuty refused the event (" + status + ")" + (message.isEmpty() ? "" : ": " + message)
                    + (errors.isEmpty() ? "" : " " + errors));
        } catch (ExecutionException e) {
            return Delivery.retry("no answer from PagerDuty: " + e.getCause().getClass().getSimpleName(), null);
        } catch (TimeoutException e) {
            call.cancel(true);
            return Delivery.retry("no answer from PagerDuty within " + longestCall().toSeconds() + " s", null);
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            return Delivery.retry("interrupted", null);
        }
    }

    private JsonNode read(String body) {
        try {
            JsonNode node = body == null || body.isBlank() ? null : mapper.readTree(body);
            return node == null ? mapper.createObjectNode() : node;
        } catch (JsonProcessingException e) {
            return mapper.createObjectNode();
        }
    }

}
