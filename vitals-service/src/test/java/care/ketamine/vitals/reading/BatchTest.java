package care.ketamine.vitals.reading;

import care.ketamine.contracts.Topics;
import care.ketamine.testsupport.RealInfrastructure;
import care.ketamine.testsupport.TopicProbe;
import care.ketamine.vitals.projection.ReadingHistory;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import static care.ketamine.vitals.SessionFixture.asDevice;
import static care.ketamine.vitals.SessionFixture.checkedIn;
import static care.ketamine.vitals.SessionFixture.reading;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItems;

@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class BatchTest {

    @Inject
    ReadingHistory history;

    private static String batch(List<String> readings) {
        return "{\"readings\": [" + String.join(",", readings) + "]}";
    }

    /** n readings a second apart, measured over the last minutes: an offline device's backlog. */
    private static List<String> backlog(String prefix, int n) {
        Instant first = Instant.now().minus(Duration.ofMinutes(9));
        return IntStream.range(0, n).mapToObj(i -> """
                {"readingId": "%s-%d", "systolic": %d, "diastolic": 80, "heartRate": 70, "measuredAt": "%s"}"""
                .formatted(prefix, i, 110 + i % 50, first.plusSeconds(i))).toList();
    }

    @Test
    void shouldAcceptAFullBatchOf500AndKeepItsOrderOnTheSessionsPartition() {
        String session = checkedIn();
        asDevice(session).body(batch(backlog("b", 500))).post("/sessions/{id}/readings/batch", session)
                .then().statusCode(200)
                .body("accepted", equalTo(500)).body("rejected", equalTo(0))
                .body("results.status", everyItem(equalTo("ACCEPTED")))
                .body("results[499].readingId", equalTo("b-499"));

        await().atMost(Duration.ofSeconds(20)).until(() -> history.countForSession(session) == 500);
        List<ConsumerRecord<String, String>> onTopic = TopicProbe.awaitRecords(Topics.VITALS_OBSERVATIONS,
                r -> session.equals(r.key()), Duration.ofSeconds(10));
        assertThat(onTopic).hasSize(500);
        assertThat(onTopic.stream().map(ConsumerRecord::partition).distinct()).hasSize(1);
        assertThat(onTopic).extracting(r -> r.value().replaceAll(".*\"readingId\":\"(b-\\d+)\".*", "$1"))
                .containsExactlyElementsOf(IntStream.range(0, 500).mapToObj(i -> "b-" + i).toList());
    }

    @Test
    void shouldGiveEachItemItsOwnOutcomeAndRecordOnlyTheGoodOnes() {
        String session = checkedIn();
        List<String> items = new ArrayList<>(backlog("m", 3));
        items.add(reading("m-bad", 80, 95));
        items.add("null");
        items.add(items.get(0));
        items.add(items.get(1).replace("\"systolic\": 111", "\"systolic\": 140"));
        Response answer = asDevice(session).body(batch(items)).post("/sessions/{id}/readings/batch", session);
        answer.then().statusCode(200)
                .body("accepted", equalTo(3)).body("replayed", equalTo(1)).body("rejected", equalTo(3))
                .body("results.status", equalTo(List.of("ACCEPTED", "ACCEPTED", "ACCEPTED", "REJECTED", "REJECTED",
                        "REPLAYED", "CONFLICT")))
                .body("results[3].violations.rule", hasItems("must exceed diastolic"))
                .body("results[4].violations[0].field", equalTo("reading"))
                .body("results[5].eventId", equalTo(answer.path("results[0].eventId")));

        // Sent again whole (as after a 503): nothing new, the same answers for what was accepted.
        asDevice(session).body(batch(items.subList(0, 3))).post("/sessions/{id}/readings/batch", session)
                .then().statusCode(200).body("replayed", equalTo(3)).body("accepted", equalTo(0))
                .body("results.eventId", equalTo(((List<?>) answer.path("results.eventId")).subList(0, 3)));
        await().atMost(Duration.ofSeconds(10)).until(() -> history.countForSession(session) == 3);
    }

    @Test
    void shouldRefuseAnEmptyOrOversizeBatchWhole() {
        String session = checkedIn();
        asDevice(session).body(batch(backlog("o", 501))).post("/sessions/{id}/readings/batch", session)
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations[0].rule", equalTo("holds 501 readings; at most 500 per batch"));
        asDevice(session).body("{\"readings\": []}").post("/sessions/{id}/readings/batch", session)
                .then().statusCode(400).contentType("application/problem+json");
        asDevice(session).body("{}").post("/sessions/{id}/readings/batch", session)
                .then().statusCode(400).contentType("application/problem+json");
        assertThat(history.countForSession(session)).isZero();
    }

    @Test
    void shouldNeitherRefuseNorDropABurstOf500ConcurrentReadings() throws Exception {
        String session = checkedIn();
        ExecutorService devices = Executors.newFixedThreadPool(64);
        try {
            List<CompletableFuture<Integer>> answers = IntStream.range(0, 500)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> asDevice(session).body(reading("burst-" + i, 120, 80))
                            .post("/sessions/{id}/readings", session).statusCode(), devices))
                    .toList();
            CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get();
            assertThat(answers).extracting(CompletableFuture::join).containsOnly(202);
        } finally {
            devices.shutdownNow();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> history.countForSession(session) == 500);
    }
}
