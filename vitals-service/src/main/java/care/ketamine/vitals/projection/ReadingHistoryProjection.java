package care.ketamine.vitals.projection;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.MalformedEventException;
import care.ketamine.contracts.vitals.ReadingRecorded;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Projects {@code vitals.observations} into the reading history, a batch per poll, each
 * reading stored once however often it is delivered. A record that is not a readable event
 * goes to the dead-letter topic with the reason; it never stops the projection. A database
 * that stays down past the retries stops the channel (liveness DOWN) before an offset is
 * committed, so a restart resumes where it left off and nothing is lost.
 */
@ApplicationScoped
public class ReadingHistoryProjection {

    private final ReadingHistory history;
    private final Emitter<String> deadLetters;
    private final MeterRegistry meters;

    public ReadingHistoryProjection(ReadingHistory history, @Channel("observations-dead-letters") Emitter<String> deadLetters,
                                    MeterRegistry meters) {
        this.history = history;
        this.deadLetters = deadLetters;
        this.meters = meters;
    }

    @Incoming("observations-history")
    @Blocking
    public void project(List<String> records) {
        List<EventEnvelope<ReadingRecorded>> readings = new ArrayList<>(records.size());
        for (String record : records) {
            try {
                if (ReadingRecorded.TYPE.name().equals(EventJson.typeOf(record))) {
                    readings.add(EventJson.read(record, ReadingRecorded.TYPE));
                }
            } catch (MalformedEventException e) {
                deadLetter(record, e.getMessage());
            }
        }
        int stored = history.storeNew(readings);
        meters.counter("vitals.history.readings.stored").increment(stored);
        meters.counter("vitals.history.readings.duplicates").increment(readings.size() - stored);
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
