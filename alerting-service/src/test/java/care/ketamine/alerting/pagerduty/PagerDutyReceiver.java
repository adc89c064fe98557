package care.ketamine.alerting.pagerduty;

import care.ketamine.infrastructure.FreePort;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * PagerDuty's Events API v2 on loopback, checking each request as PagerDuty documents it: {@code POST /v2/enqueue},
 * JSON, our routing key, an event_action of trigger/acknowledge/resolve, a dedup_key, and for a trigger a payload with
 * summary, source, a severity PagerDuty knows and a timestamp. Answers 202 with PagerDuty's body, or 400 with its
 * "invalid event" body and the errors found; 503 with Retry-After 1 to a dedup key starting {@code unavailable}.
 * Whatever it received stays in {@link #RECEIVED}, in order.
 */
public class PagerDutyReceiver implements QuarkusTestResourceLifecycleManager {

    public static final String ROUTING_KEY = "R0UT1NGKEY0123456789abcdefABCDEF";
    public static final String WEBHOOK_SECRET = "pagerduty-webhook-secret-0123456789";

    /** An event as PagerDuty took it (202) or refused it (400), with what was wrong. */
    public record Received(JsonNode event, int answered, List<String> errors) {
    }

    public static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Where the receiver listens, for a test that calls it directly. */
    public static volatile String base;
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        int port = FreePort.find();
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            List<String> errors = new CopyOnWriteArrayList<>();
            if (!exchange.getRequestMethod().equals("POST") || !exchange.getRequestURI().getPath().equals("/v2/enqueue")) {
                errors.add("not POST /v2/enqueue: " + exchange.getRequestMethod() + " " + exchange.getRequestURI());
            }
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            if (type == null || !type.startsWith("application/json")) {
                errors.add("Content-Type " + type);
            }
            JsonNode event;
            try {
                event = MAPPER.readTree(body);
            } catch (IOException e) {
                event = MAPPER.createObjectNode();
                errors.add("not JSON");
            }
            if (!ROUTING_KEY.equals(event.path("routing_key").asText())) {
                errors.add("Invalid routing key");
            }
            String action = event.path("event_action").asText();
            if (!List.of("trigger", "acknowledge", "resolve").contains(action)) {
                errors.add("'event_action' is invalid");
            }
            String dedupKey = event.path("dedup_key").asText("");
            if (dedupKey.isEmpty() || dedupKey.length() > 255) {
                errors.add("'dedup_key' is missing or too long");
            }
            if (action.equals("trigger")) {
                JsonNode payload = event.path("payload");
                if (payload.path("summary").asText("").isEmpty() || payload.path("summary").asText().length() > 1024) {
                    errors.add("'payload.summary' is missing or too long");
                }
                if (payload.path("source").asText("").isEmpty()) {
                    errors.add("'payload.source' is missing");
                }
                if (!List.of("critical", "error", "warning", "info").contains(payload.path("severity").asText())) {
                    errors.add("'payload.severity' is invalid");
                }
                try {
                    java.time.OffsetDateTime.parse(payload.path("timestamp").asText());
                } catch (RuntimeException e) {
                    errors.add("'payload.timestamp' is not ISO 8601");
                }
            }
            int status = !errors.isEmpty() ? 400 : dedupKey.startsWith("unavailable") ? 503 : 202;
            if (status == 503) {
                exchange.getResponseHeaders().add("Retry-After", "1");
            }
            RECEIVED.add(new Received(event, status, List.copyOf(errors)));
            String answer = status == 202
                    ? MAPPER.writeValueAsString(Map.of("status", "success", "message", "Event processed", "dedup_key", dedupKey))
                    : MAPPER.writeValueAsString(Map.of("status", "invalid event", "message", "Event object is invalid", "errors", errors));
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        base = "http://127.0.0.1:" + port;
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread thread = new Thread(r, "pagerduty-receiver");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
        return Map.of("alerting.pagerduty.url", "http://127.0.0.1:" + port,
                "alerting.pagerduty.routing-key", ROUTING_KEY,
                "alerting.pagerduty.webhook-secret", WEBHOOK_SECRET,
                "alerting.console-url", "https://console.clinic.example/console");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
