package care.ketamine.contracts;

/**
 * An event type: its name on the wire, the payload schema version producers write, and the
 * record that payload maps to.
 */
public record EventType<T>(String name, int schemaVersion, Class<T> payloadClass) {
}
