package care.ketamine.alerting.evaluation;

import care.ketamine.platform.consumer.RetryingTransaction;
import care.ketamine.testsupport.ManagementInterface;
import care.ketamine.testsupport.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;

/**
 * Work stuck inside one attempt (here: waiting on a latch, as on a connection that hangs) takes liveness DOWN after
 * consumers.stuck-after, so the service is restarted and takes its record again; it comes back UP once the work ends.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
@TestProfile(StuckWorkLivenessTest.StuckSoon.class)
class StuckWorkLivenessTest {

    public static class StuckSoon implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("consumers.stuck-after", "2S");
        }
    }

    @Test
    void shouldGoDownWhileWorkShowsNoProgressAndUpWhenItEnds() throws InterruptedException {
        CountDownLatch hung = new CountDownLatch(1);
        Thread work = new Thread(() -> RetryingTransaction.run(1, Duration.ofMillis(10), () -> {
            try {
                hung.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }), "hanging-consumer");
        work.start();
        try {
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> ManagementInterface.request().get("/q/health/live")
                    .then().statusCode(503)
                    .body("checks.findAll { it.status == 'DOWN' }.name", hasItem("Work in progress"))
                    .body("checks.find { it.name == 'Work in progress' }.data.thread", org.hamcrest.Matchers.equalTo("hanging-consumer")));
        } finally {
            hung.countDown();
            work.join(10_000);
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> ManagementInterface.request().get("/q/health/live")
                .then().statusCode(200));
    }
}
