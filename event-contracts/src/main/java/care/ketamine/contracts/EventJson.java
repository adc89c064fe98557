package care.ketamine.contracts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The one JSON form of events on Kafka. Records travel as UTF-8 JSON strings so that any
 * consumer (or a person with a console consumer) can read them.
 *
 * <p>A record that cannot be read is refused with a message that names the field and the type at
 * fault, never a value from the record: the message becomes the {@code dead-letter-reason} header
 * and a log line, and a value could be a patient's name or phone number.
 */
public final class EventJson {

    /** What an event type's name looks like; anything else in a type field is not repeated. */
    private static final Pattern TYPE_NAME = Pattern.compile("[a-z][a-z0-9.-]{0,63}");

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
            throw new MalformedEventException("expected event type " + expected.name() + " but got " + shownType(type));
        }
        int version = root.path("schemaVersion").asInt(0);
        if (version < 1 || version > expected.schemaVersion()) {
            throw new MalformedEventException("unsupported schemaVersion " + version + " of " + type);
        }
        UUID eventId;
        Instant occurredAt;
        try {
            eventId = UUID.fromString(text(root, "eventId"));
        } catch (IllegalArgumentException notUuid) {
            throw new MalformedEventException("event " + type + " has an eventId that is not a UUID");
        }
        try {
            occurredAt = Instant.parse(text(root, "occurredAt"));
        } catch (DateTimeParseException notInstant) {
            throw new MalformedEventException("event " + type + " has an occurredAt that is not an ISO-8601 instant");
        }
        String aggregateId = text(root, "aggregateId");
        T payload;
        try {
            payload = MAPPER.treeToValue(root.get("payload"), expected.payloadClass());
        } catch (JsonProcessingException | RuntimeException e) {
            throw new MalformedEventException("event " + type + " is malformed: " + fault(e));
        }
        if (payload == null) {
            throw new MalformedEventException("event " + type + " has no payload");
        }
        return new EventEnvelope<>(eventId, type, version, occurredAt, aggregateId, payload);
    }

    /**
     * An event type as a message may repeat it: the name when it looks like one, else not the text
     * (which could be anything a producer put there).
     */
    public static String shownType(String type) {
        return type != null && TYPE_NAME.matcher(type).matches() ? type : "a type that is not an event type's name";
    }

    /** Where the payload is wrong and what was expected there, without the value found. */
    private static String fault(Exception e) {
        if (e instanceof JsonMappingException mapping) {
            String path = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            String at = path.isEmpty() ? "the payload" : "payload." + path;
            if (e instanceof ValueInstantiationException refused && refused.getType() != null) {
                return at + " breaks a rule of " + refused.getType().getRawClass().getSimpleName();
            }
            if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
                return at + " is not of type " + mismatch.getTargetType().getSimpleName();
            }
            return at + " cannot be read";
        }
        return "the payload cannot be read (" + e.getClass().getSimpleName() + ")";
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
            JsonLocation at = e.getLocation();
            throw new MalformedEventException("record is not valid JSON" + (at == null ? ""
                    : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
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
