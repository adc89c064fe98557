package care.ketamine.vitals.reading;

import care.ketamine.contracts.security.Roles;
import care.ketamine.testsupport.MetricLine;
import care.ketamine.testsupport.ManagementInterface;
import care.ketamine.testsupport.DevTokens;
import care.ketamine.testsupport.LifecycleProbe;
import care.ketamine.testsupport.RealInfrastructure;
import care.ketamine.vitals.session.SessionActivity;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Requests screened together in one statement each get their own answer: many requests at once,
 * for sessions in different situations, so that groups mix them.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class GroupScreeningTest {

    @TestHTTPResource("/")
    URI base;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void shouldGiveEachRequestOfAGroupItsOwnAnswer() throws Exception {
        String active = "group-active-" + UUID.randomUUID();
        String notCheckedIn = "group-none-" + UUID.randomUUID();
        String completed = "group-done-" + UUID.randomUUID();
        String revokedSession = "group-revoked-" + UUID.randomUUID();
        String revokedDevice = "device-" + UUID.randomUUID();
        Instant checkedIn = Instant.now().minus(Duration.ofMinutes(10));
        LifecycleProbe.state(active, "CHECKED_IN", checkedIn);
        LifecycleProbe.state(completed, "COMPLETED", checkedIn);
        LifecycleProbe.state(revokedSession, "CHECKED_IN", checkedIn);
        LifecycleProbe.deviceRevoked(revokedSession, revokedDevice, checkedIn.plusSeconds(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> known(active, "CHECKED_IN") && known(completed, "COMPLETED")
                && known(revokedSession, "CHECKED_IN"));
        String activeToken = DevTokens.forSession(Roles.PATIENT_DEVICE, active);
        // Accepted once before, so that in the burst its replay and a conflicting reuse of its id are screened.
        assertThat(post(active, activeToken, reading("r-known", 121)).join().statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> post(active, activeToken, reading("r-known", 121)).join().statusCode() == 200);

        List<CompletableFuture<HttpResponse<String>>> fresh = new ArrayList<>();
        List<CompletableFuture<HttpResponse<String>>> replays = new ArrayList<>();
        List<CompletableFuture<HttpResponse<String>>> conflicts = new ArrayList<>();
        List<CompletableFuture<HttpResponse<String>>> inactive = new ArrayList<>();
        List<CompletableFuture<HttpResponse<String>>> revoked = new ArrayList<>();
        String revokedToken = DevTokens.forDevice(Roles.PATIENT_DEVICE, revokedSession, revokedDevice);
        for (int i = 0; i < 40; i++) {
            fresh.add(post(active, activeToken, reading("r-burst-" + i, 120)));
            replays.add(post(active, activeToken, reading("r-known", 121)));
            conflicts.add(post(active, activeToken, reading("r-known", 150)));
            inactive.add(post(i % 2 == 0 ? notCheckedIn : completed,
                    DevTokens.forSession(Roles.PATIENT_DEVICE, i % 2 == 0 ? notCheckedIn : completed), reading("r-" + i, 120)));
            revoked.add(post(revokedSession, revokedToken, reading("r-" + i, 120)));
        }

        assertThat(statuses(fresh)).containsOnly(202);
        assertThat(statuses(replays)).containsOnly(200);
        assertThat(statuses(conflicts)).containsOnly(409);
        assertThat(statuses(inactive)).containsOnly(409);
        assertThat(statuses(revoked)).containsOnly(403);
        assertThat(inactive.get(1).join().body()).contains("COMPLETED");
        assertThat(inactive.get(0).join().body()).contains("not checked in");
        String metrics = http.send(HttpRequest.newBuilder(ManagementInterface.uri("/q/metrics")).build(), HttpResponse.BodyHandlers.ofString())
                .body();
        double largestGroup = metrics.lines().filter(line -> line.startsWith("vitals_screen_group_requests_max"))
                .mapToDouble(MetricLine::value).max().orElse(0);
        assertThat(largestGroup).as("requests were screened together").isGreaterThan(1);
    }

    private CompletableFuture<HttpResponse<String>> post(String sessionId, String token, String body) {
        return http.sendAsync(HttpRequest.newBuilder(base.resolve("/sessions/" + sessionId + "/readings"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<Integer> statuses(List<CompletableFuture<HttpResponse<String>>> answers) {
        return answers.stream().map(a -> a.join().statusCode()).toList();
    }

    /** Same id and values, same measuredAt: a replay is the same reading sent again. */
    private final Instant measuredAt = Instant.now().minusSeconds(5);

    private String reading(String readingId, int systolic) {
        return """
                {"readingId": "%s", "systolic": %d, "diastolic": 80, "heartRate": 72, "spo2": 98, "measuredAt": "%s"}"""
                .formatted(readingId, systolic, measuredAt);
    }

    private static boolean known(String sessionId, String state) {
        return QuarkusTransaction.requiringNew().call(() -> {
            SessionActivity activity = SessionActivity.findById(sessionId);
            return activity != null && state.equals(activity.state);
        });
    }
}
