package care.ketamine.benchmark;

import care.ketamine.contracts.Topics;
import care.ketamine.contracts.security.Roles;
import care.ketamine.infrastructure.FreePort;
import care.ketamine.testsupport.DevKeys;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmark's same-run baseline, "bare endpoint": what taking a reading costs without vitals'
 * screening, ledger and framework. A plain Vert.x HTTP server in the benchmark's own process checks
 * the bearer token (RS256 with the development key, each token verified once, as vitals does), reads
 * and checks the reading, puts it on its own topic with vitals' producer settings (acks=all,
 * idempotent, linger 0) and answers 202 on the broker's ack. It lives here, not in vitals-service, so
 * that no production build carries an endpoint that skips the screening.
 */
final class BareEndpoint implements AutoCloseable {

    static final String PATH = "/benchmark/sessions/%s/readings";
    private static final String TOPIC = "benchmark.bare";
    private static final Pattern ROUTE = Pattern.compile("/benchmark/sessions/([^/]+)/readings");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Vertx vertx = Vertx.vertx();
    private final KafkaProducer<String, String> producer;
    private final PublicKey key;
    /** Token text to the session it is bound to, once verified. */
    private final Map<String, String> verified = new ConcurrentHashMap<>();
    private final HttpServer server;
    final int port;

    private BareEndpoint(String kafka) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, Topics.partitions(Topics.VITALS_OBSERVATIONS), (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.LINGER_MS_CONFIG, 0),
                new StringSerializer(), new StringSerializer());
        producer.partitionsFor(TOPIC);
        String pem = Files.readString(DevKeys.publicKey()).replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(pem)));
        port = FreePort.find();
        server = vertx.createHttpServer().requestHandler(this::route)
                .listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    static BareEndpoint start(String kafka) throws Exception {
        return new BareEndpoint(kafka);
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private void route(HttpServerRequest request) {
        Matcher route = ROUTE.matcher(request.path());
        if (request.method() != HttpMethod.POST || !route.matches()) {
            request.response().setStatusCode(404).end();
            return;
        }
        Context context = Vertx.currentContext();
        request.body().onSuccess(body -> take(request, context, route.group(1), body))
                .onFailure(failed -> request.response().setStatusCode(400).end());
    }

    private void take(HttpServerRequest request, Context context, String session, Buffer body) {
        String authorization = request.getHeader("Authorization");
        String bound = authorization == null || !authorization.startsWith("Bearer ") ? null : sessionOf(authorization.substring(7));
        if (bound == null) {
            request.response().setStatusCode(401).end();
            return;
        }
        if (!bound.equals(session)) {
            request.response().setStatusCode(403).end();
            return;
        }
        String reading = body.toString(StandardCharsets.UTF_8);
        if (!plausible(reading)) {
            request.response().setStatusCode(400).end();
            return;
        }
        producer.send(new ProducerRecord<>(TOPIC, session, reading), (metadata, failure) ->
                context.runOnContext(ignored -> request.response().setStatusCode(failure == null ? 202 : 503).end()));
    }

    /** The session a patient-device token is bound to, or null when it is not a valid one. */
    private String sessionOf(String token) {
        String known = verified.get(token);
        if (known != null) {
            return known;
        }
        try {
            String[] parts = token.split("\\.");
            if (parts.length != 3) {
                return null;
            }
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initVerify(key);
            rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!rsa.verify(Base64.getUrlDecoder().decode(parts[2]))) {
                return null;
            }
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            boolean device = false;
            for (JsonNode group : claims.path("groups")) {
                device |= Roles.PATIENT_DEVICE.equals(group.asText());
            }
            if (!device || claims.path("exp").asLong() < Instant.now().getEpochSecond() || !claims.hasNonNull(Roles.SESSION_CLAIM)) {
                return null;
            }
            String session = claims.get(Roles.SESSION_CLAIM).asText();
            verified.put(token, session);
            return session;
        } catch (Exception invalid) {
            return null;
        }
    }

    /** The shape and ranges vitals checks (ReadingPlausibility), briefly. */
    private static boolean plausible(String body) {
        try {
            JsonNode r = JSON.readTree(body);
            int systolic = r.path("systolic").asInt(-1);
            int diastolic = r.path("diastolic").asInt(-1);
            String id = r.path("readingId").asText("");
            Instant measuredAt = Instant.parse(r.path("measuredAt").asText());
            return !id.isBlank() && id.length() <= 100 && systolic > 50 && systolic < 250 && diastolic > 30 && diastolic < 140
                    && diastolic < systolic && !measuredAt.isAfter(Instant.now().plus(Duration.ofMinutes(2)));
        } catch (Exception unreadable) {
            return false;
        }
    }

    @Override
    public void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        producer.close(Duration.ofSeconds(5));
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
