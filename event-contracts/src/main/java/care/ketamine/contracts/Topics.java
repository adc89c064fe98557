package care.ketamine.contracts;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;

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

    /**
     * How many partitions each topic has, in every place that creates one: the local broker and the tests
     * (local-infrastructure's KafkaBroker) and the Kubernetes KafkaTopics (deploy-checks fails on a difference).
     * Every topic is keyed by its aggregate, so a count changed later moves keys between partitions and their
     * order breaks while old records drain: the counts are for the largest deployment expected, not today's load.
     * A partition is read by one replica of a consumer group at a time, so a count is also the most replicas
     * that share a topic's work (the autoscalers of vitals and alerting stop at {@code vitals.observations}').
     */
    public static final Map<String, Integer> PARTITIONS = Map.of(
            // Every reading, check-in and prompt: the system's traffic, read by vitals' history, alerting's
            // evaluation and the console. 12 lets two to twelve replicas share it evenly (2, 3, 4, 6 and 12 divide it).
            VITALS_OBSERVATIONS, 12,
            // A few events per session and per alert, read by every service that follows sessions or alerts.
            SESSIONS_LIFECYCLE, 6,
            ALERTS_EVENTS, 6,
            // A few events per patient or clinician a week, and the console's acknowledgements: never the limit.
            INTAKE_PATIENTS, 3,
            SESSIONS_CLINICIANS, 3,
            ALERTS_COMMANDS, 3,
            // A handful of keys, compacted (device keys), or a few records a second read whole (heartbeats).
            SESSIONS_DEVICE_KEYS, 1,
            PLATFORM_HEARTBEATS, 1);

    /** A dead-letter topic's partitions: parked records are few and read by a person, in order. */
    public static final int DEAD_LETTER_PARTITIONS = 1;

    private Topics() {
    }

    /** Every topic of the system, without the dead-letter topics, in a fixed order. */
    public static List<String> all() {
        return new TreeSet<>(PARTITIONS.keySet()).stream().toList();
    }

    /** The partitions of a topic of the system or of its dead-letter topic. */
    public static int partitions(String topic) {
        if (topic.endsWith(".dlq") && PARTITIONS.containsKey(topic.substring(0, topic.length() - ".dlq".length()))) {
            return DEAD_LETTER_PARTITIONS;
        }
        Integer partitions = PARTITIONS.get(topic);
        if (partitions == null) {
            throw new IllegalArgumentException(topic + " is no topic of the system");
        }
        return partitions;
    }

    /** Where a consumer parks a record it cannot process, with the reason in a header. */
    public static String deadLetter(String topic) {
        return topic + ".dlq";
    }
}
