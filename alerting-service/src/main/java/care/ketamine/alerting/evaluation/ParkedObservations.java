package care.ketamine.alerting.evaluation;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.fault.KafkaDeadLetterQueue;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.nio.charset.StandardCharsets;

/**
 * Parks one observation record on {@code vitals.observations.dlq} with the reason, the way the
 * connector's dead-letter strategy does (same headers), and waits for the broker: the poll's
 * offsets are committed only after. The connector's own strategy would park a whole poll's batch
 * for one bad record, so the batch consumer parks records itself.
 */
@ApplicationScoped
class ParkedObservations {

    private final MutinyEmitter<String> deadLetters;
    private final MeterRegistry meters;

    ParkedObservations(@Channel("observations-dead-letters") MutinyEmitter<String> deadLetters, MeterRegistry meters) {
        this.deadLetters = deadLetters;
        this.meters = meters;
    }

    void park(ConsumerRecord<String, String> record, Throwable reason) {
        Log.warnf("observation at %s-%d@%d parked on the dead-letter topic: %s", record.topic(), record.partition(),
                record.offset(), reason.getMessage());
        RecordHeaders headers = new RecordHeaders();
        record.headers().forEach(headers::add);
        header(headers, KafkaDeadLetterQueue.DEAD_LETTER_REASON, String.valueOf(reason.getMessage()));
        header(headers, KafkaDeadLetterQueue.DEAD_LETTER_EXCEPTION_CLASS_NAME, reason.getClass().getName());
        if (reason.getCause() != null) {
            header(headers, KafkaDeadLetterQueue.DEAD_LETTER_CAUSE, String.valueOf(reason.getCause().getMessage()));
            header(headers, KafkaDeadLetterQueue.DEAD_LETTER_CAUSE_CLASS_NAME, reason.getCause().getClass().getName());
        }
        header(headers, KafkaDeadLetterQueue.DEAD_LETTER_TOPIC, record.topic());
        header(headers, KafkaDeadLetterQueue.DEAD_LETTER_PARTITION, Integer.toString(record.partition()));
        header(headers, KafkaDeadLetterQueue.DEAD_LETTER_OFFSET, Long.toString(record.offset()));
        header(headers, "dead-letter-consumer", "alerting-rules");
        OutgoingKafkaRecordMetadata.OutgoingKafkaRecordMetadataBuilder<String> metadata =
                OutgoingKafkaRecordMetadata.<String>builder().withHeaders(headers);
        if (record.key() != null) {
            metadata.withKey(record.key());
        }
        deadLetters.sendMessageAndAwait(Message.of(record.value() == null ? "" : record.value()).addMetadata(metadata.build()));
        meters.counter("alerts.observations.parked").increment();
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
