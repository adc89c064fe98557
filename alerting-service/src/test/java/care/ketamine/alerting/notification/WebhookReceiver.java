package care.ketamine.alerting.notification;

import care.ketamine.infrastructure.FreePort;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The paging gateway, outside the system: a local HTTP receiver that checks each webhook's
 * signature and answers by recipient. {@code flaky-*}: 500, then 429 with Retry-After 1, then 200.
 * {@code down-*}: always 503. Anyone else: 200.
 */
public class WebhookReceiver implements QuarkusTestResourceLifecycleManager {

    public static final String SECRET = "test-webhook-secret-0123456789";

    /** A request as received: its body, and whether its signature matched. */
    public record Received(String body, boolean signed, int answered) {
    }

    public static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
    private static final Map<String, AtomicInteger> ATTEMPTS = new ConcurrentHashMap<>();
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        int port = FreePort.find();
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/hooks", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String timestamp = exchange.getRequestHeaders().getFirst("X-Signature-Timestamp");
            String signature = exchange.getRequestHeaders().getFirst("X-Signature-256");
            boolean signed = timestamp != null && WebhookChannel.signature(SECRET.getBytes(StandardCharsets.UTF_8), timestamp, body)
                    .equals(signature);
            String recipient = body.replaceAll(".*\"recipient\":\"([^\"]*)\".*", "$1");
            int attempt = ATTEMPTS.computeIfAbsent(exchange.getRequestHeaders().getFirst("X-Notification-Id"),
                    id -> new AtomicInteger()).incrementAndGet();
            int status = !signed ? 401
                    : recipient.startsWith("down") ? 503
                    : recipient.startsWith("flaky") ? (attempt == 1 ? 500 : attempt == 2 ? 429 : 200)
                    : 200;
            if (status == 429) {
                exchange.getResponseHeaders().add("Retry-After", "1");
            }
            RECEIVED.add(new Received(body, signed, status));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        return Map.of("alerting.webhook.url", "http://127.0.0.1:" + port + "/hooks",
                "alerting.webhook.secret", SECRET);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
