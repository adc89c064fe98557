package care.ketamine.alerting.alert;

import care.ketamine.alerting.domain.Severity;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

/** An alert as the console and on-call staff see it. {@code version} grows with every change. */
@Schema(description = "An alert: one problem in one session, with how often and how badly it occurred")
public record AlertView(UUID id, String sessionId, String clinicianId, String rule, Severity severity, AlertStatus status,
                        String summary, String firstValue, String latestValue, String worstValue, int occurrences,
                        int reopenings, Instant openedAt, Instant lastSeenAt, Instant clearedAt, Instant updatedAt,
                        int escalationStep, String acknowledgedBy, Instant acknowledgedAt, String acknowledgement,
                        String resolvedBy, Instant resolvedAt, String resolution, long version,
                        @Schema(description = "The reading behind the latest value was measured this many minutes before it was "
                                + "judged (a backlog or a late retry); null when fresh. The summary says it too.")
                        Long measuredMinutesAgo) {

    public static AlertView of(Alert a) {
        return new AlertView(a.id, a.sessionId, a.clinicianId, a.rule, a.severity, a.status, a.summary,
                a.firstValue, a.latestValue, a.worstValue, a.occurrences, a.reopenings,
                a.openedAt, a.lastSeenAt, a.clearedAt, a.updatedAt, a.escalationStep,
                a.acknowledgedBy, a.acknowledgedAt, a.acknowledgement,
                a.resolvedBy, a.resolvedAt, a.resolution, a.version, a.measuredMinutesAgo);
    }
}
