package care.ketamine.vitals.reading;

import care.ketamine.contracts.security.Roles;
import care.ketamine.testsupport.ManagementInterface;
import care.ketamine.testsupport.DevTokens;
import care.ketamine.testsupport.RealInfrastructure;
import care.ketamine.testsupport.TestInfrastructure;
import care.ketamine.vitals.ingest.DeviceIngest;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;

import static care.ketamine.vitals.SessionFixture.checkedIn;
import static care.ketamine.vitals.SessionFixture.reading;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

/**
 * With the broker stopped, many devices at once are each told to retry within 3 s (none waits behind
 * another's send), what waits stays under its bound (the rest is turned away at once), memory does
 * not grow, and ingest comes back by itself when the broker does.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
@TestProfile(BrokerOutageTest.SmallWaitingBound.class)
class BrokerOutageTest {

    static final int BOUND = 50;
    static final int DEVICES = 200;

    public static class SmallWaitingBound implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("vitals.ingest.max-waiting", String.valueOf(BOUND));
        }
    }

    @Inject
    DeviceIngest ingest;

    private record Answer(int status, String contentType, String retryAfter, Duration took) {
    }

    @Test
    void shouldAnswerEveryDeviceWithin3sWhileTheBrokerIsDownStayBoundedAndRecoverByItself() throws Exception {
        List<String> sessions = IntStream.range(0, 10).mapToObj(i -> checkedIn()).toList();
        List<String> tokens = sessions.stream().map(s -> DevTokens.forSession(Roles.PATIENT_DEVICE, s)).toList();
        await().atMost(Duration.ofSeconds(30)).until(() -> post(sessions.get(0), tokens.get(0), "warm") == 202);

        TestInfrastructure infrastructure = TestInfrastructure.shared();
        infrastructure.stopKafka();
        try {
            long heapBefore = usedHeapAfterGc();
            AtomicInteger mostWaiting = new AtomicInteger();
            AtomicBoolean sampling = new AtomicBoolean(true);
            Thread sampler = new Thread(() -> {
                while (sampling.get()) {
                    mostWaiting.accumulateAndGet(ingest.waiting(), Math::max);
                    LockSupport.parkNanos(50_000);
                }
            });
            sampler.start();
            List<Answer> answers = new ArrayList<>();
            for (int wave = 0; wave < 3; wave++) {
                answers.addAll(burst(sessions, tokens, "wave" + wave));
            }
            sampling.set(false);
            sampler.join();
            long heapAfter = usedHeapAfterGc();

            assertThat(answers).hasSize(3 * DEVICES).allSatisfy(a -> {
                assertThat(a.status()).isEqualTo(503);
                assertThat(a.contentType()).startsWith("application/problem+json");
                assertThat(a.retryAfter()).isEqualTo("5");
                assertThat(a.took()).isLessThan(Duration.ofSeconds(3));
            });
            System.out.printf("vitals test: %d readings with the broker down answered 503 in at most %d ms; at most %d waiting "
                            + "(bound %d); used heap after GC %d -> %d MB%n", answers.size(),
                    answers.stream().mapToLong(a -> a.took().toMillis()).max().orElseThrow(), mostWaiting.get(), BOUND,
                    heapBefore >> 20, heapAfter >> 20);
            assertThat(mostWaiting.get()).isPositive().isLessThanOrEqualTo(BOUND);
            assertThat(heapAfter - heapBefore).as("used heap growth after GC").isLessThan(32L << 20);
            // Whether any were turned away depends on how fast the producer gave up on each; the count is shown either way.
            ManagementInterface.request().get("/q/metrics").then().statusCode(200)
                    .body(containsString("vitals_ingest_shed_total{kind=\"readings\"}"))
                    .body(containsString("vitals_ingest_waiting"));
        } finally {
            infrastructure.startKafka();
        }
        // The same service instance takes readings again once the broker is back, without a restart.
        await().atMost(Duration.ofSeconds(60)).until(() -> post(sessions.get(1), tokens.get(1), "after") == 202);
        assertThat(ingest.waiting()).isLessThanOrEqualTo(BOUND);
    }

    /** DEVICES readings at once, each timed from its own send to its answer. */
    private static List<Answer> burst(List<String> sessions, List<String> tokens, String prefix) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<CompletableFuture<Answer>> pending = new ArrayList<>();
        for (int i = 0; i < DEVICES; i++) {
            int session = i % sessions.size();
            HttpRequest request = HttpRequest.newBuilder(URI.create(base() + "/sessions/" + sessions.get(session) + "/readings"))
                    .header("Authorization", "Bearer " + tokens.get(session)).header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(reading(prefix + "-" + i, 120, 80))).build();
            long sent = System.nanoTime();
            pending.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(r -> new Answer(r.statusCode(),
                    r.headers().firstValue("Content-Type").orElse(""), r.headers().firstValue("Retry-After").orElse(null),
                    Duration.ofNanos(System.nanoTime() - sent))));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        return pending.stream().map(CompletableFuture::join).toList();
    }

    private static int post(String session, String token, String readingId) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(reading(readingId + "-" + System.nanoTime(), 120, 80))
                .post("/sessions/{id}/readings", session).statusCode();
    }

    private static String base() {
        return "http://localhost:" + RestAssured.port;
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
