package care.ketamine.contracts;

/**
 * Kafka topic names, {@code <owner>.<stream>}. Each is keyed by the aggregate it describes so
 * that everything about one session (or patient, or alert) stays ordered on one partition.
 */
public final class Topics {

    /** Patients, screenings, approvals and plans; key: patientId. Owner: intake-service. */
    public static final String INTAKE_PATIENTS = "intake.patients";
    /** Clinicians and their state licences; key: clinicianId. Owner: session-service. */
    public static final String SESSIONS_CLINICIANS = "sessions.clinicians";
    /** Session scheduling and lifecycle transitions; key: sessionId. Owner: session-service. */
    public static final String SESSIONS_LIFECYCLE = "sessions.lifecycle";
    /**
     * The public keys session-service signs device tokens with, as JWKs; key: the key's id (its
     * RFC 7638 thumbprint). Owner: session-service. Vitals verifies device tokens with them. Keep it
     * compacted (cleanup.policy=compact): a new vitals database must still learn every key in use.
     */
    public static final String SESSIONS_DEVICE_KEYS = "sessions.device-keys";
    /** Readings and check-ins, in order; key: sessionId. Owner: vitals-service. */
    public static final String VITALS_OBSERVATIONS = "vitals.observations";
    /** Alerts raised, updated, escalated, resolved; key: sessionId. Owner: alerting-service. */
    public static final String ALERTS_EVENTS = "alerts.events";
    /** Acknowledge and resolve requests from the console; key: alertId. Consumer: alerting-service. */
    public static final String ALERTS_COMMANDS = "alerts.commands";
    /**
     * Every service's "still here" every 5 seconds ({@code ServiceHeartbeat}); key: the service's name. Owner:
     * every service. Read by session-service's console, which says so on every screen when vitals or alerting
     * goes quiet. Worth nothing after a minute: short retention.
     */
    public static final String PLATFORM_HEARTBEATS = "platform.heartbeats";

    private Topics() {
    }

    /** Where a consumer parks a record it cannot process, with the reason in a header. */
    public static String deadLetter(String topic) {
        return topic + ".dlq";
    }
}
