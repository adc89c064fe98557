package care.ketamine.intake;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.intake.PatientRegistered;
import care.ketamine.platform.outbox.Outbox;
import care.ketamine.platform.outbox.OutboxEvent;
import care.ketamine.testsupport.MetricLine;
import care.ketamine.testsupport.ManagementInterface;
import care.ketamine.testsupport.RealInfrastructure;
import care.ketamine.testsupport.TopicProbe;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class OutboxRelayTest {

    @Inject
    Outbox outbox;
    @Inject
    EntityManager entityManager;

    @Test
    void shouldSendAnEventCommittedBeforeACrashOnceTheRelayRunsAgain() {
        // What a process leaves behind when it dies between its commit and the publish: a row, unsent.
        String patientId = UUID.randomUUID().toString();
        EventEnvelope<PatientRegistered> event = EventEnvelope.wrap(PatientRegistered.TYPE, patientId,
                new PatientRegistered(patientId, Instant.now()), Clock.systemUTC());
        QuarkusTransaction.requiringNew().run(() -> outbox.append(Topics.INTAKE_PATIENTS, event));

        var records = TopicProbe.awaitRecords(Topics.INTAKE_PATIENTS,
                r -> r.value().contains(event.eventId().toString()), Duration.ofSeconds(10));

        assertThat(records).hasSize(1);
        assertThat(records.get(0).key()).isEqualTo(patientId);
        assertThat(EventJson.read(records.get(0).value(), PatientRegistered.TYPE)).isEqualTo(event);
        await().atMost(Duration.ofSeconds(5)).until(() -> QuarkusTransaction.requiringNew().call(() ->
                OutboxEvent.<OutboxEvent>find("eventId", event.eventId()).firstResult().publishedAt != null));
    }

    @Test
    void shouldPublishEachCommittedEventOnceAndCommitItsBatch() {
        double failuresBefore = relayFailures();
        List<EventEnvelope<PatientRegistered>> events = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String patientId = UUID.randomUUID().toString();
            EventEnvelope<PatientRegistered> event = EventEnvelope.wrap(PatientRegistered.TYPE, patientId,
                    new PatientRegistered(patientId, Instant.now()), Clock.systemUTC());
            events.add(event);
            QuarkusTransaction.requiringNew().run(() -> outbox.append(Topics.INTAKE_PATIENTS, event));
        }
        List<String> ids = events.stream().map(e -> e.eventId().toString()).toList();
        await().atMost(Duration.ofSeconds(10)).until(() -> QuarkusTransaction.requiringNew().call(() ->
                OutboxEvent.count("eventId in ?1 and publishedAt is not null", events.stream().map(EventEnvelope::eventId).toList())) == ids.size());

        // A batch whose commit failed would be rolled back and sent again: every event must be on the topic once.
        var records = TopicProbe.awaitRecords(Topics.INTAKE_PATIENTS, r -> ids.stream().anyMatch(r.value()::contains),
                Duration.ofSeconds(5));
        assertThat(records).extracting(r -> ids.stream().filter(r.value()::contains).findFirst().orElseThrow())
                .containsExactlyInAnyOrderElementsOf(ids);
        assertThat(relayFailures()).as("relay runs that failed and were retried").isEqualTo(failuresBefore);
    }

    private static double relayFailures() {
        String metrics = ManagementInterface.request().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(line -> line.startsWith("outbox_relay_failures_total"))
                .mapToDouble(MetricLine::value).sum();
    }

    @Test
    void shouldParkAnEventTheBrokerRefusesAndSendTheEventsBehindIt() {
        // One aggregate: an event before, two the broker refuses for good (over max.request.size, an invalid
        // topic name), two after. Before, the relay retried the refused batch forever and nothing after it went out.
        String patientId = UUID.randomUUID().toString();
        EventEnvelope<PatientRegistered> before = registered(patientId);
        EventEnvelope<PatientRegistered> tooLarge = registered(patientId);
        EventEnvelope<PatientRegistered> badTopic = registered(patientId);
        EventEnvelope<PatientRegistered> after = registered(patientId);
        EventEnvelope<PatientRegistered> later = registered(patientId);
        QuarkusTransaction.requiringNew().run(() -> {
            outbox.append(Topics.INTAKE_PATIENTS, before);
            OutboxEvent huge = row(tooLarge, Topics.INTAKE_PATIENTS);
            huge.payload = EventJson.write(tooLarge) + " ".repeat(1_200_000); // > 1 MB, the producer's max.request.size
            huge.persist();
            row(badTopic, "not a topic!").persist();
            outbox.append(Topics.INTAKE_PATIENTS, after);
            outbox.append(Topics.INTAKE_PATIENTS, later);
        });

        var records = TopicProbe.awaitRecords(Topics.INTAKE_PATIENTS,
                r -> r.value().contains(later.eventId().toString()), Duration.ofSeconds(30));
        assertThat(records).hasSize(1);
        var ofThisPatient = TopicProbe.awaitRecords(Topics.INTAKE_PATIENTS, r -> patientId.equals(r.key()), Duration.ofSeconds(10));
        assertThat(ofThisPatient).extracting(r -> EventJson.read(r.value(), PatientRegistered.TYPE).eventId())
                .as("the rest of the aggregate, in order").containsExactly(before.eventId(), after.eventId(), later.eventId());

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(parkedErrors(tooLarge.eventId()))
                .singleElement().asString().contains("RecordTooLargeException"));
        assertThat(parkedErrors(badTopic.eventId())).singleElement().asString().contains("InvalidTopicException");
        assertThat(QuarkusTransaction.requiringNew().call(() -> OutboxEvent.count("eventId in ?1",
                List.of(tooLarge.eventId(), badTopic.eventId())))).as("moved out of the outbox").isZero();
        String metrics = ManagementInterface.request().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).containsPattern("outbox_events_parked_total(\\{[^}]*})? [1-9]")
                .containsPattern("outbox_parked_events(\\{[^}]*})? [1-9]");
    }

    @Test
    void shouldNeverCommitAnEventWithoutTheChangeThatProducedIt() {
        String patientId = UUID.randomUUID().toString();
        EventEnvelope<PatientRegistered> event = EventEnvelope.wrap(PatientRegistered.TYPE, patientId,
                new PatientRegistered(patientId, Instant.now()), Clock.systemUTC());

        try {
            QuarkusTransaction.requiringNew().run(() -> {
                outbox.append(Topics.INTAKE_PATIENTS, event);
                throw new IllegalStateException("the change failed");
            });
        } catch (IllegalStateException expected) {
            // rolled back
        }

        assertThat(QuarkusTransaction.requiringNew().call(() -> OutboxEvent.count("eventId", event.eventId()))).isZero();
    }

    private static EventEnvelope<PatientRegistered> registered(String patientId) {
        return EventEnvelope.wrap(PatientRegistered.TYPE, patientId,
                new PatientRegistered(patientId, Instant.now()), Clock.systemUTC());
    }

    private static OutboxEvent row(EventEnvelope<?> event, String topic) {
        OutboxEvent row = new OutboxEvent();
        row.eventId = event.eventId();
        row.topic = topic;
        row.recordKey = event.aggregateId();
        row.eventType = event.type();
        row.payload = EventJson.write(event);
        row.createdAt = Instant.now();
        return row;
    }

    @SuppressWarnings("unchecked")
    private List<Object> parkedErrors(UUID eventId) {
        return QuarkusTransaction.requiringNew().call(() -> entityManager
                .createNativeQuery("SELECT error FROM outbox_parked WHERE event_id = ?1").setParameter(1, eventId).getResultList());
    }
}
