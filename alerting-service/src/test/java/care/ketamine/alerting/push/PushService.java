package care.ketamine.alerting.push;

import care.ketamine.infrastructure.FreePort;
import care.ketamine.testsupport.SettableClock;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A push service on loopback (RFC 8030), checking each message as the RFCs and the browsers' push services do: the
 * VAPID Authorization (RFC 8292: {@code vapid t=<ES256 JWT>, k=<key>}, signature by that key, aud this origin, exp in
 * the future and at most 24 hours away, sub mailto:/https:), {@code Content-Encoding: aes128gcm}, {@code TTL},
 * {@code Urgency}; then reads the body as the subscribed browser would, with the keys the test made for it
 * ({@link #browser}). By the endpoint's name: {@code gone-*} 410, {@code busy-*} 429; else 201 with a Location.
 */
public class PushService implements QuarkusTestResourceLifecycleManager {

    /** A browser's subscription keys, as the test made them. */
    public record Browser(KeyPair keys, byte[] p256dh, byte[] auth) {
    }

    /** A message as received: its headers, the plaintext the browser read, and what was wrong. */
    public record Received(String name, Map<String, String> headers, String plaintext, String vapidKey, List<String> errors,
                           int answered) {
    }

    public static final Map<String, Browser> BROWSERS = new ConcurrentHashMap<>();
    public static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
    public static volatile String base;
    private static final Pattern VAPID = Pattern.compile("vapid t=([\\w-]+\\.[\\w-]+\\.[\\w-]+), k=([\\w-]+)");
    private HttpServer server;

    /** A browser subscribing: its key pair and auth secret, kept for reading what it gets at {@code name}. */
    public static Browser browser(String name) {
        KeyPair keys = P256.generate();
        byte[] auth = new byte[16];
        new java.security.SecureRandom().nextBytes(auth);
        Browser browser = new Browser(keys, P256.raw((java.security.interfaces.ECPublicKey) keys.getPublic()), auth);
        BROWSERS.put(name, browser);
        return browser;
    }

    public static String endpoint(String name) {
        return base + "/push/" + name;
    }

    @Override
    public Map<String, String> start() {
        int port = FreePort.find();
        base = "http://127.0.0.1:" + port;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/push/", exchange -> {
            String name = exchange.getRequestURI().getPath().substring("/push/".length());
            byte[] body = exchange.getRequestBody().readAllBytes();
            List<String> errors = new ArrayList<>();
            Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (String header : List.of("Authorization", "Content-Encoding", "TTL", "Urgency", "Topic", "Content-Type")) {
                String value = exchange.getRequestHeaders().getFirst(header);
                if (value != null) {
                    headers.put(header, value);
                }
            }
            if (!exchange.getRequestMethod().equals("POST")) {
                errors.add("method " + exchange.getRequestMethod());
            }
            String vapidKey = null;
            Matcher vapid = VAPID.matcher(headers.getOrDefault("Authorization", ""));
            if (!vapid.matches()) {
                errors.add("Authorization is not vapid t=..., k=...: " + headers.get("Authorization"));
            } else {
                vapidKey = vapid.group(2);
                try {
                    String claims = BrowserSide.verifiedClaims(vapid.group(1), BrowserSide.publicKey(BrowserSide.b64(vapidKey)));
                    if (!claims.contains("\"aud\":\"" + base + "\"")) {
                        errors.add("aud is not " + base + ": " + claims);
                    }
                    Matcher exp = Pattern.compile("\"exp\":(\\d+)").matcher(claims);
                    long now = SettableClock.now().getEpochSecond();
                    if (!exp.find() || Long.parseLong(exp.group(1)) <= now || Long.parseLong(exp.group(1)) > now + 24 * 3600) {
                        errors.add("exp is not within 24 hours: " + claims);
                    }
                    if (!claims.matches(".*\"sub\":\"(mailto:|https://).*")) {
                        errors.add("sub is not a contact: " + claims);
                    }
                } catch (Exception e) {
                    errors.add("VAPID token not verified: " + e.getMessage());
                }
            }
            if (!"aes128gcm".equals(headers.get("Content-Encoding"))) {
                errors.add("Content-Encoding " + headers.get("Content-Encoding"));
            }
            if (headers.get("TTL") == null || !headers.get("TTL").matches("\\d+")) {
                errors.add("TTL " + headers.get("TTL"));
            }
            String topic = headers.get("Topic");
            if (topic != null && !topic.matches("[A-Za-z0-9_-]{1,32}")) {
                errors.add("Topic " + topic);
            }
            if (body.length > 4096) {
                errors.add("body of " + body.length + " bytes");
            }
            String plaintext = null;
            Browser browser = BROWSERS.get(name);
            if (browser == null) {
                errors.add("no browser subscribed as " + name);
            } else {
                try {
                    plaintext = new String(BrowserSide.decrypt(body, browser.keys().getPrivate(), browser.p256dh(), browser.auth()),
                            StandardCharsets.UTF_8);
                } catch (Exception e) {
                    errors.add("not readable by the browser: " + e);
                }
            }
            int status = !errors.isEmpty() ? 400 : name.startsWith("gone") ? 410 : name.startsWith("busy") ? 429 : 201;
            RECEIVED.add(new Received(name, Map.copyOf(headers), plaintext, vapidKey, List.copyOf(errors), status));
            if (status == 201) {
                exchange.getResponseHeaders().add("Location", base + "/message/" + java.util.UUID.randomUUID());
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread thread = new Thread(r, "push-service");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
        return Map.of("alerting.push.vapid.generate", "true",
                "alerting.push.vapid.subject", "mailto:on-call@clinic.example",
                "alerting.push.endpoint-hosts", "127.0.0.1,fcm.googleapis.com,.push.services.mozilla.com",
                "alerting.push.allow-http-loopback", "true");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
