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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The paging gateway, outside the system: a local HTTP receiver that checks each webhook's
 * signature and answers by recipient. {@code flaky-*}: 500, then 429 with Retry-After 1, then 200.
 * {@code down-*}: always 503. {@code hang-*}: takes the request and never answers (until the receiver
 * stops). {@code busy-*}: 429 and {@code unavailable-*}: 503, both with Retry-After 999999999 (31 years).
 * Anyone else: 200.
 */
public class WebhookReceiver implements QuarkusTestResourceLifecycleManager {

    public static final String SECRET = "test-webhook-secret-0123456789";

    /** A request as received: its body, and whether its signature matched. */
    public record Received(String body, boolean signed, int answered) {
    }

    public static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
    /** The bodies of requests being held without an answer. */
    public static final List<String> HANGING = new CopyOnWriteArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private ExecutorService handlers;
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
            if (signed && recipient.startsWith("hang")) {
                HANGING.add(body);
                try {
                    stopped.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.close();
                return;
            }
            int attempt = ATTEMPTS.computeIfAbsent(exchange.getRequestHeaders().getFirst("X-Notification-Id"),
                    id -> new AtomicInteger()).incrementAndGet();
            int status = !signed ? 401
                    : recipient.startsWith("down") ? 503
                    : recipient.startsWith("flaky") ? (attempt == 1 ? 500 : attempt == 2 ? 429 : 200)
                    : recipient.startsWith("busy") ? 429
                    : recipient.startsWith("unavailable") ? 503
                    : 200;
            if (recipient.startsWith("busy") || recipient.startsWith("unavailable")) {
                exchange.getResponseHeaders().add("Retry-After", "999999999");
            } else if (status == 429) {
                exchange.getResponseHeaders().add("Retry-After", "1");
            }
            RECEIVED.add(new Received(body, signed, status));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        // A receiver of many threads, so one held request does not hold the others.
        handlers = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "webhook-receiver");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(handlers);
        server.start();
        return Map.of("alerting.webhook.url", "http://127.0.0.1:" + port + "/hooks",
                "alerting.webhook.secret", SECRET);
    }

    @Override
    public void stop() {
        stopped.countDown();
        if (server != null) {
            server.stop(0);
        }
        if (handlers != null) {
            handlers.shutdownNow();
        }
    }
}
