package care.ketamine.system;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.security.Roles;
import care.ketamine.contracts.vitals.ReadingRecorded;
import care.ketamine.infrastructure.FreePort;
import care.ketamine.testsupport.DevTokens;
import care.ketamine.testsupport.LifecycleProbe;
import care.ketamine.testsupport.TestInfrastructure;
import care.ketamine.testsupport.TopicProbe;
import com.sun.net.httpserver.HttpServer;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Escalation timers across processes: two alerting-service replicas fire each step once, and a
 * step that came due while the service was down fires once when it is back. The paging gateway is
 * a local webhook receiver (the one thing outside the system).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AlertingReplicasIT {

    private static final String SECRET = "system-test-webhook-secret";
    /** Long enough for both replicas to stop (a graceful stop takes up to about 5 s here) before it comes due. */
    private static final int STEP_1_AFTER_SECONDS = 12;
    private static final List<String> PAGES = new CopyOnWriteArrayList<>();
    private static final Pattern ALERT_AND_STEP = Pattern.compile("\"alertId\":\"([^\"]+)\".*\"escalationStep\":(\\d+)");

    private static TestInfrastructure infrastructure;
    private static HttpServer receiver;
    private static List<String> alertingArgs;
    private static final List<ServiceProcess> replicas = new ArrayList<>();

    @BeforeAll
    static void startTwoReplicasAndTheReceiver() throws Exception {
        infrastructure = TestInfrastructure.shared();
        int port = FreePort.find();
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        receiver.createContext("/hooks", exchange -> {
            PAGES.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        alertingArgs = List.of("-Dalerting.webhook.url=http://127.0.0.1:" + port + "/hooks", "-Dalerting.webhook.secret=" + SECRET);
        replicas.add(start("alerting-service-a"));
        replicas.add(start("alerting-service-b"));
        for (ServiceProcess replica : replicas) {
            replica.awaitReady();
        }
        Instant now = Instant.now();
        for (Object[] cover : new Object[][]{{1, "nurse-system"}, {2, "doctor-system"}}) {
            admin().body("{\"tier\": %d, \"staffId\": \"%s\", \"from\": \"%s\", \"to\": \"%s\", \"reason\": \"system test\"}"
                    .formatted(cover[0], cover[1], now.minusSeconds(1), now.plus(Duration.ofHours(1))))
                    .post(replicas.get(0).url("/oncall/overrides")).then().statusCode(201);
        }
        policy(4, 8);
    }

    @AfterAll
    static void stopAll() throws InterruptedException {
        try {
            // The policy is the clinic's, in the database the later system tests share: put it back, with a replica
            // started for it if a failed test left none running.
            if (replicas.stream().noneMatch(ServiceProcess::isAlive)) {
                ServiceProcess restorer = start("alerting-service-a-restarted");
                replicas.set(0, restorer);
                restorer.awaitReady();
            }
            policy(120, 300);
        } finally {
            closeAll();
            receiver.stop(0);
        }
    }

    private static void closeAll() throws InterruptedException {
        List<Thread> stopping = new ArrayList<>();
        for (ServiceProcess replica : replicas) {
            Thread thread = new Thread(() -> {
                try {
                    replica.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "stopping-" + replica);
            thread.start();
            stopping.add(thread);
        }
        for (Thread thread : stopping) {
            thread.join();
        }
    }

    private static ServiceProcess start(String replica) {
        return ServiceProcess.start("alerting-service", replica, infrastructure, alertingArgs);
    }

    private static RequestSpecification admin() {
        return given().auth().oauth2(DevTokens.forRole(Roles.ADMIN)).contentType(ContentType.JSON);
    }

    /** Critical alerts: the clinician at once, tier 1 after {@code tier1} s, tier 2 after {@code tier2} s. */
    private static void policy(int tier1, int tier2) {
        ServiceProcess any = replicas.stream().filter(ServiceProcess::isAlive).findFirst().orElseThrow();
        admin().body("""
                [{"number": 0, "afterSeconds": 0, "target": "CLINICIAN"},
                 {"number": 1, "afterSeconds": %d, "target": "ON_CALL_TIER_1"},
                 {"number": 2, "afterSeconds": %d, "target": "ON_CALL_TIER_2", "instruction": "Call the sitter and the emergency contact now"}]"""
                .formatted(tier1, tier2)).put(any.url("/escalation-policies/critical")).then().statusCode(200);
    }

    private static String crisis() {
        String sessionId = "replicas-" + UUID.randomUUID();
        LifecycleProbe.changed(sessionId, "MONITORING", Instant.now().minusSeconds(30), "dr-system", "test");
        Instant now = Instant.now();
        TopicProbe.send(Topics.VITALS_OBSERVATIONS, sessionId, EventJson.write(EventEnvelope.wrap(ReadingRecorded.TYPE, sessionId,
                new ReadingRecorded("r-1", sessionId, "d-1", 196, 118, 90, 97, now, now), Clock.systemUTC())));
        return sessionId;
    }

    private static String alertOf(String sessionId) {
        return await().atMost(Duration.ofSeconds(15)).until(() -> admin().queryParam("sessionId", sessionId)
                .queryParam("rule", "bp-crisis").get(replicas.stream().filter(ServiceProcess::isAlive).findFirst()
                        .orElseThrow().url("/alerts")).then().extract().<List<String>>path("id"), ids -> ids.size() == 1).get(0);
    }

    /** How many pages the receiver got for the alert's step. */
    private static long pages(String alertId, int step) {
        return PAGES.stream().map(ALERT_AND_STEP::matcher).filter(Matcher::find)
                .filter(m -> m.group(1).equals(alertId) && Integer.parseInt(m.group(2)) == step).count();
    }

    @Test
    @Order(1)
    void shouldFireEachEscalationStepOnceWithTwoReplicas() {
        List<String> alerts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            alerts.add(alertOf(crisis()));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> alerts.stream().allMatch(a -> pages(a, 2) >= 1));
        await().pollDelay(Duration.ofSeconds(3)).until(() -> true); // time for any duplicate to arrive
        for (String alert : alerts) {
            for (int step = 0; step <= 2; step++) {
                assertThat(pages(alert, step)).as("alert %s step %d", alert, step).isEqualTo(1);
            }
        }
    }

    @Test
    @Order(2)
    void shouldFireAStepThatCameDueWhileTheServiceWasDownOnceAfterItStarts() throws InterruptedException {
        policy(STEP_1_AFTER_SECONDS, 60);
        String alert = alertOf(crisis());
        await().atMost(Duration.ofSeconds(10)).until(() -> pages(alert, 0) == 1);
        Instant stepOneDue = Instant.now().plusSeconds(STEP_1_AFTER_SECONDS);
        // Both at once: a graceful stop takes a few seconds, and a replica still stopping may fire the step itself.
        closeAll();
        assertThat(Instant.now()).as("both replicas stopped before step 1 came due").isBefore(stepOneDue);
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), stepOneDue.plusSeconds(2)).toMillis()));
        assertThat(pages(alert, 1)).as("step 1 came due while no replica ran").isZero();
        ServiceProcess restarted = start("alerting-service-a-restarted");
        replicas.set(0, restarted);
        restarted.awaitReady();
        ServiceProcess second = start("alerting-service-b-restarted");
        replicas.set(1, second);
        second.awaitReady();

        await().atMost(Duration.ofSeconds(15)).until(() -> pages(alert, 1) >= 1);
        await().pollDelay(Duration.ofSeconds(3)).until(() -> true);
        assertThat(pages(alert, 1)).isEqualTo(1);
        admin().get(restarted.url("/alerts/{id}/notifications"), alert).then().statusCode(200);
    }
}
