package care.ketamine.alerting.telephony;

import care.ketamine.infrastructure.FreePort;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Twilio's REST API, outside the system: a local HTTP receiver that takes a request only if it is what Twilio
 * documents (POST to /2010-04-01/Accounts/{AccountSid}/Messages.json or Calls.json, basic auth with the account
 * sid and auth token, form-encoded, To and From, Body or Twiml, the StatusCallback URL alerting was configured
 * with), answers 201 with a new sid, and keeps what it took so a test can play Twilio's signed status callbacks.
 * A number ending 0400 is refused as Twilio refuses an unreachable number (400, error 21211); one ending 0503
 * gets 503. For a number ending 0202 Twilio is quick: it posts the signed "delivered" (text) or "in-progress" (call)
 * callback to {@link #ownStatusUrl} and has its answer before it answers our request, so the receipt comes before
 * we know the sid. Anything not as documented gets 400 with what was wrong, and is kept as a violation.
 */
public class TwilioReceiver implements QuarkusTestResourceLifecycleManager {

    public static final String ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef";
    public static final String AUTH_TOKEN = "test-auth-token-0123456789abcdef";
    public static final String FROM = "+15550100000";
    public static final String PUBLIC_BASE = "https://alerting.clinic.example";
    public static final String STATUS_CALLBACK = PUBLIC_BASE + "/delivery/twilio/status";

    /** A request Twilio would have taken: which API, its fields (in order), and the sid it was given. */
    public record Taken(String api, Map<String, List<String>> fields, String sid) {
        public String field(String name) {
            List<String> values = fields.get(name);
            return values == null ? null : values.get(0);
        }
    }

    public static final List<Taken> TAKEN = new CopyOnWriteArrayList<>();
    public static final List<String> VIOLATIONS = new CopyOnWriteArrayList<>();
    /** Where the service under test takes status callbacks (its real port), for the quick callbacks. */
    public static volatile URI ownStatusUrl;
    /** The HTTP status the service answered each quick callback with. */
    public static final List<Integer> QUICK_CALLBACKS = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        int port = FreePort.find();
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/2010-04-01/Accounts/", this::take);
        server.start();
        Map<String, String> config = new LinkedHashMap<>();
        config.put("alerting.twilio.account-sid", ACCOUNT_SID);
        config.put("alerting.twilio.auth-token", AUTH_TOKEN);
        config.put("alerting.twilio.from", FROM);
        config.put("alerting.twilio.api-url", "http://127.0.0.1:" + port);
        config.put("alerting.twilio.callback-base-url", PUBLIC_BASE);
        config.put("alerting.console-url", "https://console.clinic.example/console");
        // Text at once, a call a minute later if the text has no receipt by then.
        config.put("alerting.delivery.default-plan", "sse:0,sms:0,voice:60");
        return config;
    }

    private void take(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        List<String> wrong = new ArrayList<>();
        String api = path.endsWith("/Messages.json") ? "Messages" : path.endsWith("/Calls.json") ? "Calls" : null;
        if (!exchange.getRequestMethod().equals("POST")) {
            wrong.add("method " + exchange.getRequestMethod());
        }
        if (api == null || !path.equals("/2010-04-01/Accounts/" + ACCOUNT_SID + "/" + api + ".json")) {
            wrong.add("path " + path);
        }
        String expectedAuth = "Basic " + Base64.getEncoder().encodeToString((ACCOUNT_SID + ":" + AUTH_TOKEN).getBytes(StandardCharsets.UTF_8));
        if (!expectedAuth.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            wrong.add("authorization");
        }
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.startsWith("application/x-www-form-urlencoded")) {
            wrong.add("content type " + type);
        }
        Map<String, List<String>> fields = form(body);
        if (fields.get("To") == null || !fields.get("To").get(0).matches("\\+[1-9][0-9]{6,14}")) {
            wrong.add("To " + fields.get("To"));
        }
        if (!List.of(FROM).equals(fields.get("From"))) {
            wrong.add("From " + fields.get("From"));
        }
        if (!List.of(STATUS_CALLBACK).equals(fields.get("StatusCallback"))) {
            wrong.add("StatusCallback " + fields.get("StatusCallback"));
        }
        if ("Messages".equals(api) && (fields.get("Body") == null || fields.get("Body").get(0).isBlank())) {
            wrong.add("no Body");
        }
        if ("Calls".equals(api) && (fields.get("Twiml") == null || !fields.get("Twiml").get(0).startsWith("<Response>")
                || fields.get("StatusCallbackEvent") == null
                || !List.of("Enable").equals(fields.getOrDefault("MachineDetection", List.of())))) {
            wrong.add("Twiml " + fields.get("Twiml") + ", StatusCallbackEvent " + fields.get("StatusCallbackEvent")
                    + ", MachineDetection " + fields.get("MachineDetection"));
        }
        if (!wrong.isEmpty()) {
            VIOLATIONS.add(path + ": " + wrong);
            answer(exchange, 400, "{\"code\": 20001, \"message\": \"not as documented: " + wrong.size() + " problems\", \"status\": 400}");
            return;
        }
        String to = fields.get("To").get(0);
        if (to.endsWith("0400")) {
            answer(exchange, 400, "{\"code\": 21211, \"message\": \"The 'To' number " + to + " is not a valid phone number.\", "
                    + "\"more_info\": \"https://www.twilio.com/docs/errors/21211\", \"status\": 400}");
            return;
        }
        if (to.endsWith("0503")) {
            answer(exchange, 503, "{\"code\": 20503, \"message\": \"Service unavailable\", \"status\": 503}");
            return;
        }
        String sid = (api.equals("Messages") ? "SM" : "CA") + UUID.randomUUID().toString().replace("-", "");
        TAKEN.add(new Taken(api, fields, sid));
        if (to.endsWith("0202")) {
            callBackFirst(api, sid, to);
        }
        answer(exchange, 201, "{\"sid\": \"" + sid + "\", \"account_sid\": \"" + ACCOUNT_SID + "\", \"to\": \"" + to
                + "\", \"status\": \"queued\"}");
    }

    private static void callBackFirst(String api, String sid, String to) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("AccountSid", ACCOUNT_SID);
        params.put(api.equals("Messages") ? "MessageSid" : "CallSid", sid);
        params.put(api.equals("Messages") ? "MessageStatus" : "CallStatus", api.equals("Messages") ? "delivered" : "in-progress");
        params.put("To", to);
        StringBuilder body = new StringBuilder();
        params.forEach((name, value) -> body.append(body.isEmpty() ? "" : "&").append(URLEncoder.encode(name, StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        HttpRequest callback = HttpRequest.newBuilder(ownStatusUrl).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", sign(STATUS_CALLBACK, params))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        try {
            QUICK_CALLBACKS.add(HttpClient.newHttpClient().send(callback, HttpResponse.BodyHandlers.discarding()).statusCode());
        } catch (IOException e) {
            VIOLATIONS.add("quick callback not taken: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    static Map<String, List<String>> form(String body) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            fields.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return fields;
    }

    /**
     * X-Twilio-Signature as Twilio signs a callback, written out here apart from the service's own code: the URL,
     * then every parameter's name and value in name order, HMAC-SHA1 with the auth token, base64.
     */
    public static String sign(String url, Map<String, String> params) {
        StringBuilder data = new StringBuilder(url);
        new TreeMap<>(params).forEach((name, value) -> data.append(name).append(value));
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(AUTH_TOKEN.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
