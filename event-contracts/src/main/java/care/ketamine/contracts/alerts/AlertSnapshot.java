package care.ketamine.contracts.alerts;

import care.ketamine.contracts.EventType;

import java.time.Instant;
import java.util.UUID;

/**
 * An alert as it stands after a change, on {@code alerts.events} (key sessionId). The event type
 * says what changed: raised, updated (a recurrence, a worse value or severity, a reopening),
 * escalated (a step of its escalation policy fired), acknowledged or resolved.
 *
 * @param escalationStep the last escalation step fired (0: the session's clinician was told)
 * @param resolvedBy     the person who resolved it (alerting never resolves an alert by itself)
 */
public record AlertSnapshot(UUID alertId, String sessionId, String patientId, String clinicianId, String rule,
                            String severity, String status, String summary, String latestValue, String worstValue,
                            int occurrences, int reopenings, Instant openedAt, Instant lastSeenAt, int escalationStep,
                            String acknowledgedBy, Instant acknowledgedAt, String acknowledgement,
                            String resolvedBy, Instant resolvedAt, String resolution, long version) {

    public static final EventType<AlertSnapshot> RAISED = new EventType<>("alert.raised", 1, AlertSnapshot.class);
    public static final EventType<AlertSnapshot> UPDATED = new EventType<>("alert.updated", 1, AlertSnapshot.class);
    public static final EventType<AlertSnapshot> ESCALATED = new EventType<>("alert.escalated", 1, AlertSnapshot.class);
    public static final EventType<AlertSnapshot> ACKNOWLEDGED = new EventType<>("alert.acknowledged", 1, AlertSnapshot.class);
    public static final EventType<AlertSnapshot> RESOLVED = new EventType<>("alert.resolved", 1, AlertSnapshot.class);
}
