package care.ketamine.alerting.evaluation;

import care.ketamine.alerting.alert.Alert;
import care.ketamine.alerting.session.WatchedSession;
import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.vitals.ReadingRecorded;
import care.ketamine.testsupport.LifecycleProbe;
import care.ketamine.testsupport.RealInfrastructure;
import care.ketamine.testsupport.TopicProbe;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A whole poll of vitals.observations handed to the consumer at once, as the connector does under
 * load: the outcome must be what reading the records one by one in order gives, and one unusable
 * record must be parked alone.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class PollEvaluationTest {

    @Inject
    ObservationConsumer consumer;

    private final Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(60);
    private long offset = 1_000_000;

    @Test
    void shouldRaiseAndClearWithinOnePollAsReadingByReadingWould() {
        String crisisThenNormal = "poll-a-" + UUID.randomUUID();
        String crisisWorsening = "poll-b-" + UUID.randomUUID();
        String allNormal = "poll-c-" + UUID.randomUUID();
        LifecycleProbe.state(allNormal, "MONITORING", start);
        await().atMost(Duration.ofSeconds(10)).until(() -> watched(allNormal) != null);
        String twice = reading(crisisWorsening, 201, 125, 2);
        List<ConsumerRecord<String, String>> poll = List.of(
                record(crisisThenNormal, reading(crisisThenNormal, 120, 80, 0)),
                record(allNormal, reading(allNormal, 118, 76, 0)),
                record(crisisThenNormal, reading(crisisThenNormal, 190, 110, 1)),
                record(crisisWorsening, reading(crisisWorsening, 185, 100, 1)),
                record(crisisWorsening, twice),
                record(crisisWorsening, twice), // a redelivery inside the poll counts once
                record(allNormal, reading(allNormal, 121, 79, 3)),
                record(crisisThenNormal, reading(crisisThenNormal, 124, 82, 2)),
                record(allNormal, reading(allNormal, 119, 80, 2)));

        consumer.onObservations(poll(poll));

        Alert cleared = onlyAlert(crisisThenNormal);
        assertThat(cleared.rule).isEqualTo("bp-crisis");
        assertThat(cleared.occurrences).isEqualTo(1);
        assertThat(cleared.clearedAt).as("the later normal reading clears it").isNotNull();
        Alert worsening = onlyAlert(crisisWorsening);
        assertThat(worsening.occurrences).isEqualTo(2);
        assertThat(worsening.worstValue).isEqualTo("201/125 mm[Hg]");
        assertThat(worsening.clearedAt).isNull();
        assertThat(alerts(allNormal)).isEmpty();
        assertThat(watched(allNormal).lastReadingAt).as("the server's receipt of the newest of the poll, not the last in order")
                .isEqualTo(start.plusSeconds(3).plusMillis(300));

        consumer.onObservations(poll(poll)); // the whole poll redelivered changes nothing
        assertThat(onlyAlert(crisisWorsening).occurrences).isEqualTo(2);
        assertThat(onlyAlert(crisisThenNormal).occurrences).isEqualTo(1);
    }

    @Test
    void shouldParkOnlyTheUnusableRecordsOfAPollAndEvaluateTheRest() {
        String before = "poll-d-" + UUID.randomUUID();
        String after = "poll-e-" + UUID.randomUUID();
        EventEnvelope<ReadingRecorded> noSession = EventEnvelope.wrap(ReadingRecorded.TYPE, before,
                new ReadingRecorded("r-x", null, "device-1", 190, 110, 80, 97, start, start), Clock.systemUTC());
        List<ConsumerRecord<String, String>> poll = List.of(
                record(before, reading(before, 195, 112, 0)),
                record(before, "{\"type\": \"reading.recorded\", \"about\": \"" + before + "\"}"),
                record(before, EventJson.write(noSession)),
                record(before, "not json " + before),
                record(after, reading(after, 187, 104, 0)));

        consumer.onObservations(poll(poll));

        assertThat(onlyAlert(before).rule).isEqualTo("bp-crisis");
        assertThat(onlyAlert(after).rule).isEqualTo("bp-crisis");
        // Parking waits for the broker, so all of them are on the topic by now.
        List<ConsumerRecord<String, String>> parked = TopicProbe.awaitRecords(Topics.deadLetter(Topics.VITALS_OBSERVATIONS),
                r -> before.equals(r.key()) || after.equals(r.key()), Duration.ofSeconds(10));
        assertThat(parked).hasSize(3).allSatisfy(r -> assertThat(r.key()).isEqualTo(before));
        List<String> reasons = new ArrayList<>();
        for (ConsumerRecord<String, String> r : parked) {
            reasons.add(new String(r.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8));
            assertThat(new String(r.headers().lastHeader("dead-letter-topic").value(), StandardCharsets.UTF_8))
                    .isEqualTo(Topics.VITALS_OBSERVATIONS);
        }
        assertThat(reasons).anySatisfy(reason -> assertThat(reason).contains("unsupported schemaVersion"))
                .anySatisfy(reason -> assertThat(reason).contains("without a sessionId"))
                .anySatisfy(reason -> assertThat(reason).contains("not valid JSON"));
    }

    @Test
    void shouldTakeAPollThatFailsTogetherOneByOneAndParkOnlyTheReadingThatStillFails() {
        String good = "poll-f-" + UUID.randomUUID();
        // Reads as an event, but PostgreSQL refuses its session id (text cannot hold NUL): every
        // statement about it fails, which fails the poll's transaction as a whole.
        String refused = "poll-g-\u0000-" + UUID.randomUUID();
        List<ConsumerRecord<String, String>> poll = List.of(
                record(good, reading(good, 120, 80, 0)),
                record(good, reading(refused, 190, 110, 0)),
                record(good, reading(good, 193, 114, 1)));

        consumer.onObservations(poll(poll));

        assertThat(onlyAlert(good).latestValue).isEqualTo("193/114 mm[Hg]");
        List<ConsumerRecord<String, String>> parked = TopicProbe.awaitRecords(Topics.deadLetter(Topics.VITALS_OBSERVATIONS),
                r -> good.equals(r.key()), Duration.ofSeconds(10));
        assertThat(parked).hasSize(1);
        assertThat(parked.get(0).value()).contains("poll-g-");
        // Its own failure, from a transaction of its own: not "current transaction is aborted" from a retry in the first.
        assertThat(new String(parked.get(0).headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8))
                .doesNotContain("transaction is aborted");
    }

    private String reading(String sessionId, int systolic, int diastolic, int secondsAfterStart) {
        Instant at = start.plusSeconds(secondsAfterStart);
        return EventJson.write(EventEnvelope.wrap(ReadingRecorded.TYPE, sessionId, new ReadingRecorded("r-" + UUID.randomUUID(),
                sessionId, "device-1", systolic, diastolic, 80, 97, at, at.plusMillis(300)), Clock.systemUTC()));
    }

    private ConsumerRecord<String, String> record(String key, String value) {
        return new ConsumerRecord<>(Topics.VITALS_OBSERVATIONS, 0, offset++, key, value);
    }

    private static ConsumerRecords<String, String> poll(List<ConsumerRecord<String, String>> records) {
        return new ConsumerRecords<>(Map.of(new TopicPartition(Topics.VITALS_OBSERVATIONS, 0), records), Map.of());
    }

    private static List<Alert> alerts(String sessionId) {
        return QuarkusTransaction.requiringNew().call(() -> Alert.<Alert>list("sessionId", sessionId));
    }

    private static Alert onlyAlert(String sessionId) {
        List<Alert> alerts = alerts(sessionId);
        assertThat(alerts).as(sessionId).hasSize(1);
        return alerts.get(0);
    }

    private static WatchedSession watched(String sessionId) {
        return QuarkusTransaction.requiringNew().call(() -> WatchedSession.<WatchedSession>findById(sessionId));
    }
}
