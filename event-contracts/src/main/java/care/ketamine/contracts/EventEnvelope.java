package care.ketamine.contracts;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * What every event on every topic looks like. Consumers are idempotent on {@link #eventId()};
 * {@link #type()} and {@link #schemaVersion()} say how to read {@link #payload()}.
 *
 * @param eventId       unique per event, stable across redeliveries
 * @param type          event type, e.g. {@code reading.recorded}
 * @param schemaVersion version of the payload's schema for that type
 * @param occurredAt    when it happened, UTC
 * @param aggregateId   the id the record is keyed by (session, patient, alert, clinician)
 * @param payload       the event itself
 */
public record EventEnvelope<T>(UUID eventId, String type, int schemaVersion, Instant occurredAt,
                               String aggregateId, T payload) {

    public EventEnvelope {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(aggregateId, "aggregateId");
        Objects.requireNonNull(payload, "payload");
        if (schemaVersion < 1) {
            throw new IllegalArgumentException("schemaVersion must be at least 1");
        }
    }

    /** A new event of a known type, stamped now by the given clock. */
    public static <T> EventEnvelope<T> wrap(EventType<T> type, String aggregateId, T payload, Clock clock) {
        return wrap(UUID.randomUUID(), type, aggregateId, payload, clock);
    }

    /**
     * An event whose id the producer derives from what makes it unique (see {@link #idFor}), so that
     * sending it again is recognised downstream as the same event.
     */
    public static <T> EventEnvelope<T> wrap(UUID eventId, EventType<T> type, String aggregateId, T payload, Clock clock) {
        return new EventEnvelope<>(eventId, type.name(), type.schemaVersion(), clock.instant(), aggregateId, payload);
    }

    /** A stable event id for a natural key, e.g. a device's reading id within its session. */
    public static UUID idFor(String type, String... key) {
        return UUID.nameUUIDFromBytes((type + "/" + String.join("/", key)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
