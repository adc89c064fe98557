package care.ketamine.testsupport;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.intake.MonitoringThresholds;
import care.ketamine.contracts.intake.PatientQuietWindow;
import care.ketamine.contracts.intake.TreatmentPlanApproved;
import care.ketamine.contracts.sessions.SessionChanged;

import java.time.Clock;
import java.time.Instant;

/** Publishes session lifecycle events as session-service would, for services that consume them. */
public final class LifecycleProbe {

    private static final MonitoringThresholds DEFAULTS = new MonitoringThresholds(160, 90, 100, 160, 100, 40, 25, 120, 50, 92, 90);
    private static final TreatmentPlanApproved.Person SITTER = new TreatmentPlanApproved.Person("Sam Rivera", "+1 415 555 0188", "spouse");
    private static final TreatmentPlanApproved.Person CONTACT = new TreatmentPlanApproved.Person("Jo Rivera", "+1 415 555 0101", "sister");

    private LifecycleProbe() {
    }

    /** The session moved to the state at the given time. */
    public static void state(String sessionId, String state, Instant at) {
        publish(sessionId, state, state, at, null);
    }

    /** The session was dosed at the given time (announced now); check-in prompts follow every 15 minutes for 2 hours. */
    public static void dosed(String sessionId, Instant dosedAt) {
        dosed(sessionId, dosedAt, null);
    }

    /** As {@link #dosed(String, Instant)}, under a plan with its own patient quiet window (null: the service's setting). */
    public static void dosed(String sessionId, Instant dosedAt, PatientQuietWindow quietWindow) {
        SessionChanged event = new SessionChanged(sessionId, "patient-1", "dr-1", "DOSING", "DOSED", "PRE_DOSE_CHECK", "DOSED",
                "dr-1", "test", Instant.now(), dosedAt, dosedAt.plusSeconds(9000), dosedAt, DEFAULTS, 124, 80, 126, 82, 15, 120,
                SITTER, CONTACT, null, null, quietWindow);
        send(event);
    }

    /** The session, with this clinician, moved to the state for a reason (e.g. "gate failed: ..."). */
    public static void changed(String sessionId, String state, Instant at, String clinicianId, String reason) {
        SessionChanged event = new SessionChanged(sessionId, "patient-1", clinicianId, "DOSING", state, null, state, clinicianId,
                reason, at, at, at.plusSeconds(9000), null, DEFAULTS, 124, 80, 126, 82, 15, 120, SITTER, CONTACT, null);
        send(event);
    }

    /** As {@link #changed}, with the session's dosing address and its confirmation. */
    public static void changed(String sessionId, String state, Instant at, String clinicianId,
                               care.ketamine.contracts.sessions.SessionAddress dosingAddress) {
        send(new SessionChanged(sessionId, "patient-1", clinicianId, "DOSING", state, null, state, clinicianId, "test", at,
                at, at.plusSeconds(9000), null, DEFAULTS, 124, 80, 126, 82, 15, 120, SITTER, CONTACT, null, null, null,
                dosingAddress));
    }

    /** As {@link #changed}, under a plan with this word on texting the sitter (false: not to; null: no word, on). */
    public static void changedTextingSitter(String sessionId, String state, Instant at, String clinicianId,
                                            Boolean textSitter) {
        send(new SessionChanged(sessionId, "patient-1", clinicianId, "DOSING", state, null, state, clinicianId, "test", at,
                at, at.plusSeconds(9000), null, DEFAULTS, 124, 80, 126, 82, 15, 120, SITTER, CONTACT, null, null, null,
                null, textSitter));
    }

    /** A device of the session was revoked. */
    public static void deviceRevoked(String sessionId, String deviceId, Instant at) {
        publish(sessionId, "DEVICE_REVOKED", "CHECKED_IN", at, deviceId);
    }

    private static void publish(String sessionId, String change, String state, Instant at, String deviceId) {
        SessionChanged event = new SessionChanged(sessionId, "patient-1", "dr-1", "DOSING", change, null, state, "dr-1",
                "test", at, at, at.plusSeconds(9000), null, DEFAULTS, 124, 80, null, null, 15, 120, SITTER, CONTACT, deviceId);
        send(event);
    }

    private static void send(SessionChanged event) {
        TopicProbe.send(Topics.SESSIONS_LIFECYCLE, event.sessionId(),
                EventJson.write(EventEnvelope.wrap(SessionChanged.TYPE, event.sessionId(), event, Clock.systemUTC())));
    }
}
