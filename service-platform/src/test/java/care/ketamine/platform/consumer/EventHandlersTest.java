package care.ketamine.platform.consumer;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.intake.PatientDischarged;
import care.ketamine.contracts.intake.PatientRegistered;
import care.ketamine.contracts.sessions.ClinicianUpdated;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The recipe without Quarkus, Kafka or a database: what is handled, skipped, parked, and what fails the channel. */
class EventHandlersTest {

    private static final String TOPIC = "intake.patients";

    private final List<Message<String>> parked = new ArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<Object> handled = new ArrayList<>();
    private long offset;

    @Test
    void shouldHandEachEventToTheHandlerOfItsType() {
        EventHandlers handlers = plans().on(PatientRegistered.TYPE, e -> handled.add(e.payload()));

        handlers.handle(record(discharged("p-1")));
        handlers.handle(record(registered("p-2")));

        assertThat(handled).extracting(Object::getClass).containsExactly(PatientDischarged.class, PatientRegistered.class);
        assertThat(parked).isEmpty();
    }

    @Test
    void shouldHandTheRecordAsItCameToAHandlerThatKeepsIt() {
        String json = discharged("p-1");
        EventHandlers handlers = EventHandlers.forConsumer("session-feed", deadLetterTopic(), meters)
                .inTransaction(Runnable::run)
                .onWithRecord(PatientDischarged.TYPE, (event, record) -> handled.add(record));

        handlers.handle(record(json));

        assertThat(handled).containsExactly(json);
    }

    @Test
    void shouldPassOverAnEventTypeItHasNoHandlerFor() {
        EventHandlers handlers = plans();

        handlers.handle(record(registered("p-1")));

        assertThat(handled).isEmpty();
        assertThat(parked).isEmpty();
    }

    @Test
    void shouldParkAnUnreadableRecordWithTheDeadLetterHeadersAndGoOnWithTheNext() {
        EventHandlers handlers = plans();
        ConsumerRecord<String, String> unreadable = record("{not an event");
        unreadable.headers().add("traceparent", "00-abc".getBytes(StandardCharsets.UTF_8));

        handlers.handle(unreadable);
        handlers.handle(record(discharged("p-1")));

        assertThat(parked).hasSize(1);
        Message<String> letter = parked.get(0);
        assertThat(letter.getPayload()).isEqualTo("{not an event");
        OutgoingKafkaRecordMetadata<?> metadata = letter.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow();
        assertThat(metadata.getKey()).isEqualTo("p-key");
        Headers headers = metadata.getHeaders();
        assertThat(header(headers, "dead-letter-reason")).startsWith("record is not valid JSON");
        assertThat(header(headers, "dead-letter-exception-class-name")).isEqualTo("care.ketamine.contracts.MalformedEventException");
        assertThat(header(headers, "dead-letter-topic")).isEqualTo(TOPIC);
        assertThat(header(headers, "dead-letter-partition")).isEqualTo("0");
        assertThat(header(headers, "dead-letter-offset")).isEqualTo("0");
        assertThat(header(headers, "dead-letter-consumer")).isEqualTo("session-plans");
        assertThat(header(headers, "traceparent")).as("the record's own headers go with it").isEqualTo("00-abc");
        assertThat(meters.counter("events.parked", "consumer", "session-plans").count()).isEqualTo(1);
        assertThat(handled).as("the next record").hasSize(1);
    }

    @Test
    void shouldParkAnEventWhoseHandlerFailsForAReasonOtherThanTheDatabase() {
        EventHandlers handlers = EventHandlers.forConsumer("session-plans", deadLetterTopic(), meters)
                .inTransaction(Runnable::run)
                .on(PatientDischarged.TYPE, e -> {
                    throw new IllegalStateException("no plan of that shape");
                });

        handlers.handle(record(discharged("p-1")));

        assertThat(parked).hasSize(1);
        assertThat(header(parked.get(0).getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow().getHeaders(),
                "dead-letter-reason")).isEqualTo("no plan of that shape");
    }

    @Test
    void shouldFailRatherThanParkWhileTheDatabaseDoesNotAnswer() {
        EventHandlers handlers = EventHandlers.forConsumer("session-plans", deadLetterTopic(), meters)
                .inTransaction(Runnable::run)
                .on(PatientDischarged.TYPE, e -> {
                    throw new RuntimeException("no connection", new SQLException("Connection refused", "08001"));
                });

        assertThatThrownBy(() -> handlers.handle(record(discharged("p-1")))).hasMessage("no connection");
        assertThat(parked).as("the offset is not committed; the event is taken again").isEmpty();
    }

    @Test
    void shouldNeitherParkNorFailAnEventItsHandlerRefuses() {
        EventHandlers handlers = EventHandlers.forConsumer("alerting-commands", deadLetterTopic(), meters)
                .inTransaction(Runnable::run)
                .on(PatientDischarged.TYPE, e -> {
                    throw new EventRefused("already resolved");
                });

        handlers.handle(record(discharged("p-1")));

        assertThat(parked).isEmpty();
    }

    @Test
    void shouldSkipARepeatedEventWhenAsked() {
        Set<UUID> seen = new HashSet<>();
        ProcessedEvents processed = new ProcessedEvents(null, Clock.systemUTC()) {
            @Override
            public boolean firstDelivery(UUID eventId) {
                return seen.add(eventId);
            }
        };
        EventHandlers handlers = plans().skippingRepeats(processed);
        String once = discharged("p-1");

        handlers.handle(record(once));
        handlers.handle(record(once));
        handlers.handle(record(discharged("p-1")));

        assertThat(handled).hasSize(2);
    }

    @Test
    void shouldRefuseTwoHandlersOfOneType() {
        assertThatThrownBy(() -> plans().on(PatientDischarged.TYPE, e -> { }))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private EventHandlers plans() {
        return EventHandlers.forConsumer("session-plans", deadLetterTopic(), meters)
                .inTransaction(Runnable::run)
                .on(PatientDischarged.TYPE, e -> handled.add(e.payload()));
    }

    @SuppressWarnings("unchecked")
    private MutinyEmitter<String> deadLetterTopic() {
        return (MutinyEmitter<String>) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{MutinyEmitter.class},
                (proxy, method, args) -> {
                    if (!method.getName().equals("sendMessageAndAwait")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    parked.add((Message<String>) args[0]);
                    return null;
                });
    }

    private ConsumerRecord<String, String> record(String value) {
        return new ConsumerRecord<>(TOPIC, 0, offset++, "p-key", value);
    }

    private static String discharged(String patientId) {
        return EventJson.write(EventEnvelope.wrap(PatientDischarged.TYPE, patientId,
                new PatientDischarged(patientId, UUID.randomUUID().toString(), "dr-a", Instant.now()), Clock.systemUTC()));
    }

    private static String registered(String patientId) {
        return EventJson.write(EventEnvelope.wrap(PatientRegistered.TYPE, patientId,
                new PatientRegistered(patientId, Instant.now()), Clock.systemUTC()));
    }

    private static String header(Headers headers, String name) {
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
