package care.ketamine.contracts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.time.Instant;
import java.util.UUID;

/**
 * The one JSON form of events on Kafka. Records travel as UTF-8 JSON strings so that any
 * consumer (or a person with a console consumer) can read them.
 */
public final class EventJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // New optional fields in a payload must not break older consumers.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private EventJson() {
    }

    public static String write(EventEnvelope<?> envelope) {
        try {
            return MAPPER.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event " + envelope.type() + " cannot be written as JSON", e);
        }
    }

    /**
     * Reads an envelope whose payload must be of the given type and a schema version this
     * consumer understands.
     *
     * @throws MalformedEventException when the record is not such an event; the caller
     *                                 sends it to the dead-letter topic with this message
     */
    public static <T> EventEnvelope<T> read(String json, EventType<T> expected) {
        JsonNode root = parse(json);
        String type = text(root, "type");
        if (!expected.name().equals(type)) {
            throw new MalformedEventException("expected event type " + expected.name() + " but got " + type);
        }
        int version = root.path("schemaVersion").asInt(0);
        if (version < 1 || version > expected.schemaVersion()) {
            throw new MalformedEventException("unsupported schemaVersion " + version + " of " + type);
        }
        try {
            T payload = MAPPER.treeToValue(root.get("payload"), expected.payloadClass());
            if (payload == null) {
                throw new MalformedEventException("event " + type + " has no payload");
            }
            return new EventEnvelope<>(UUID.fromString(text(root, "eventId")), type, version,
                    Instant.parse(text(root, "occurredAt")), text(root, "aggregateId"), payload);
        } catch (JsonProcessingException | RuntimeException e) {
            if (e instanceof MalformedEventException m) {
                throw m;
            }
            throw new MalformedEventException("event " + type + " is malformed: " + e.getMessage());
        }
    }

    /** The type of an event, for consumers that take several types from one topic. */
    public static String typeOf(String json) {
        return text(parse(json), "type");
    }

    private static JsonNode parse(String json) {
        if (json == null) {
            throw new MalformedEventException("record has no value");
        }
        try {
            JsonNode root = MAPPER.readTree(json);
            if (root == null || !root.isObject()) {
                throw new MalformedEventException("record is not a JSON object");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new MalformedEventException("record is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static String text(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            throw new MalformedEventException("event has no " + field);
        }
        return node.asText();
    }
}
