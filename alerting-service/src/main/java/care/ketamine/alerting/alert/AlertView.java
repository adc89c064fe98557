package care.ketamine.alerting.alert;

import care.ketamine.alerting.domain.Severity;
import care.ketamine.contracts.intake.DosingAddress;
import care.ketamine.contracts.sessions.SessionAddress;
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
                        Long measuredMinutesAgo,
                        @Schema(description = "GET /alerts/{id} of a CRITICAL alert: where to send help (the session's dosing "
                                + "address and the local emergency number); null elsewhere, and in lists and streams")
                        Emergency emergency) {

    public static AlertView of(Alert a) {
        return new AlertView(a.id, a.sessionId, a.clinicianId, a.rule, a.severity, a.status, a.summary,
                a.firstValue, a.latestValue, a.worstValue, a.occurrences, a.reopenings,
                a.openedAt, a.lastSeenAt, a.clearedAt, a.updatedAt, a.escalationStep,
                a.acknowledgedBy, a.acknowledgedAt, a.acknowledgement,
                a.resolvedBy, a.resolvedAt, a.resolution, a.version, a.measuredMinutesAgo, null);
    }

    /** The same view with where to send help. */
    public AlertView with(Emergency emergency) {
        return new AlertView(id, sessionId, clinicianId, rule, severity, status, summary, firstValue, latestValue, worstValue,
                occurrences, reopenings, openedAt, lastSeenAt, clearedAt, updatedAt, escalationStep, acknowledgedBy,
                acknowledgedAt, acknowledgement, resolvedBy, resolvedAt, resolution, version, measuredMinutesAgo, emergency);
    }

    @Schema(description = "Where to send help: the dosing address on one line and in parts, the local emergency number, "
            + "and who confirmed the patient is there and when (null when not confirmed, or none on file)")
    public record Emergency(String dosingAddress, DosingAddress dosingAddressParts, String emergencyNumber,
                            Instant addressConfirmedAt, String confirmedBy) {

        public static final String NOT_ON_FILE = "not on file";

        public static Emergency of(SessionAddress at) {
            return at == null ? new Emergency(NOT_ON_FILE, null, null, null, null)
                    : new Emergency(at.address().oneLine(), at.address(), at.address().emergencyNumber(), at.confirmedAt(),
                    at.confirmedBy());
        }
    }
}
