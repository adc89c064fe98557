package care.ketamine.intake;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.intake.PatientRegistered;
import care.ketamine.platform.outbox.Outbox;
import care.ketamine.platform.outbox.OutboxEvent;
import care.ketamine.testsupport.RealInfrastructure;
import care.ketamine.testsupport.TopicProbe;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class OutboxRelayTest {

    @Inject
    Outbox outbox;

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
}
