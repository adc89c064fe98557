package care.ketamine.platform.consumer;

import io.micrometer.core.instrument.Counter;
import io.quarkus.logging.Log;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.fault.KafkaDeadLetterQueue;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.nio.charset.StandardCharsets;

/**
 * Parks one record of a batch consumer on its dead-letter topic with the reason, with the headers the
 * connector's own dead-letter strategy writes, and waits for the broker: the poll's offsets are committed
 * only after. The connector's strategy would park a whole poll for one bad record, so batch consumers park
 * records themselves. The reason is the consumer's own message, which never quotes the record's values.
 */
public final class DeadLetters {

    private final MutinyEmitter<String> topic;
    private final Counter parked;

    /**
     * @param topic  an outgoing channel to the dead-letter topic (acks=all)
     * @param parked counts the records parked
     */
    public DeadLetters(MutinyEmitter<String> topic, Counter parked) {
        this.topic = topic;
        this.parked = parked;
    }

    /** @param consumer the consumer's group, named in a header so an operator knows who could not take it */
    public void park(ConsumerRecord<String, String> record, String consumer, Throwable reason) {
        Log.warnf("record %s-%d@%d parked on the dead-letter topic by %s: %s", record.topic(), record.partition(),
                record.offset(), consumer, reason.getMessage());
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
        header(headers, "dead-letter-consumer", consumer);
        OutgoingKafkaRecordMetadata.OutgoingKafkaRecordMetadataBuilder<String> metadata =
                OutgoingKafkaRecordMetadata.<String>builder().withHeaders(headers);
        if (record.key() != null) {
            metadata.withKey(record.key());
        }
        topic.sendMessageAndAwait(Message.of(record.value() == null ? "" : record.value()).addMetadata(metadata.build()));
        parked.increment();
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
