package care.ketamine.testsupport;

import care.ketamine.contracts.MalformedEventException;
import care.ketamine.contracts.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A record that is not an event, sent where a consumer reads, and what that consumer must make of it: park it on
 * the topic's dead-letter topic unchanged, with the platform kit's headers naming the reason and itself.
 */
public final class ParkedRecords {

    private ParkedRecords() {
    }

    /** Sends {@code {not an event <marker>} under the key; the marker, to find it again. */
    public static String sendUnreadable(String topic, String key) {
        String marker = UUID.randomUUID().toString();
        TopicProbe.send(topic, key, "{not an event " + marker);
        return marker;
    }

    /** Awaits the marked record on the topic's dead-letter topic and checks it was parked as it came, by {@code consumer}. */
    public static void assertParkedUnreadable(String topic, String key, String marker, String consumer, Duration within) {
        ConsumerRecord<String, String> parked = TopicProbe.awaitRecords(Topics.deadLetter(topic),
                r -> r.value() != null && r.value().contains(marker), within).get(0);
        assertEquals(key, parked.key());
        assertEquals("{not an event " + marker, parked.value(), "the record unchanged");
        String reason = header(parked, "dead-letter-reason");
        assertNotNull(reason, "dead-letter-reason");
        assertTrue(reason.startsWith("record is not valid JSON"), "dead-letter-reason: " + reason);
        assertFalse(reason.contains(marker), "the reason does not repeat the record's content");
        assertEquals(MalformedEventException.class.getName(), header(parked, "dead-letter-exception-class-name"));
        assertEquals(topic, header(parked, "dead-letter-topic"));
        assertFalse(header(parked, "dead-letter-partition") == null || header(parked, "dead-letter-partition").isBlank());
        assertFalse(header(parked, "dead-letter-offset") == null || header(parked, "dead-letter-offset").isBlank());
        assertEquals(consumer, header(parked, "dead-letter-consumer"));
    }

    /**
     * Nothing under the key is on the topic's dead-letter topic: read up to a sentinel sent to it now, so whatever a
     * consumer parked before is in the reading.
     */
    public static void assertNothingParkedUnder(String topic, String key, Duration within) {
        String deadLetters = Topics.deadLetter(topic);
        String sentinel = "sentinel-" + UUID.randomUUID();
        TopicProbe.send(deadLetters, sentinel, "{}");
        List<String> keys = TopicProbe.awaitRecords(deadLetters, r -> key.equals(r.key()) || sentinel.equals(r.key()), within)
                .stream().map(ConsumerRecord::key).toList();
        assertEquals(List.of(sentinel), keys, "nothing under " + key + " parked on " + deadLetters);
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
