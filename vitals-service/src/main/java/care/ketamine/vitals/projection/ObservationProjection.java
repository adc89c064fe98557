package care.ketamine.vitals.projection;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.EventType;
import care.ketamine.contracts.MalformedEventException;
import care.ketamine.contracts.vitals.ObservationKinds;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import io.quarkus.logging.Log;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Projects {@code vitals.observations} into PostgreSQL, a batch per poll, each event stored once
 * however often it is delivered. A record that is not a readable event goes to the dead-letter
 * topic with the reason; it never stops the projection. A database that stays down past the
 * retries stops the channel (liveness DOWN) before an offset is committed, so a restart resumes
 * where it left off and nothing is lost.
 */
// Made at start, so that its meters are served at 0 before the first record (the dashboard and rules read them).
@Startup
@ApplicationScoped
public class ObservationProjection {

    private final ObservationStore store;
    private final Emitter<String> deadLetters;
    private final MeterRegistry meters;
    private final Timer delay;

    public ObservationProjection(ObservationStore store, @Channel("observations-dead-letters") Emitter<String> deadLetters,
                                 MeterRegistry meters) {
        this.store = store;
        this.deadLetters = deadLetters;
        this.meters = meters;
        this.delay = Timer.builder("vitals.projection.delay")
                .description("How far the history projection runs behind the topic: from the broker's timestamp of the "
                        + "newest record of a poll to its commit in PostgreSQL")
                .publishPercentiles(0.5, 0.99)
                .register(meters);
        meters.counter("vitals.history.dead-lettered"); // served at 0 before the first
    }

    @Incoming("observations-history")
    @Blocking
    public void project(ConsumerRecords<String, String> records) {
        List<ObservationStore.Projected> events = new ArrayList<>(records.count());
        long newest = 0;
        for (ConsumerRecord<String, String> record : records) {
            newest = Math.max(newest, record.timestamp());
            try {
                EventType<?> type = ObservationKinds.TYPES.get(EventJson.typeOf(record.value()));
                if (type == null) {
                    throw new MalformedEventException("not an observation event: " + EventJson.shownType(EventJson.typeOf(record.value())));
                }
                EventEnvelope<?> event = EventJson.read(record.value(), type);
                if (!event.aggregateId().equals(record.key())) {
                    throw new MalformedEventException("keyed by another session than the event's");
                }
                events.add(new ObservationStore.Projected(event, record.key(), record.offset(), record.value()));
            } catch (MalformedEventException e) {
                deadLetter(record.value(), e.getMessage());
            }
        }
        int stored = store.storeNew(events);
        meters.counter("vitals.history.readings.stored").increment(stored);
        if (newest > 0) {
            delay.record(Duration.ofMillis(Math.max(0, System.currentTimeMillis() - newest)));
        }
    }

    private void deadLetter(String record, String reason) {
        Log.warnf("observation record sent to the dead-letter topic: %s", reason);
        meters.counter("vitals.history.dead-lettered").increment();
        RecordHeaders headers = new RecordHeaders();
        headers.add("dead-letter-reason", reason.getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-consumer", "vitals-history".getBytes(StandardCharsets.UTF_8));
        deadLetters.send(Message.of(record == null ? "" : record)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withHeaders(headers).build()));
    }
}
