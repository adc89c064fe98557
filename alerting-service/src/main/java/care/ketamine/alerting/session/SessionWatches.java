package care.ketamine.alerting.session;

import care.ketamine.alerting.domain.SessionWatch;
import care.ketamine.alerting.domain.Thresholds;
import care.ketamine.contracts.intake.MonitoringThresholds;
import care.ketamine.contracts.intake.TreatmentPlanApproved;
import care.ketamine.platform.json.StoredJson;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.Optional;

/** The sessions alerting watches, as the domain's {@link SessionWatch}. */
@ApplicationScoped
public class SessionWatches {

    private final StoredJson json;

    public SessionWatches(StoredJson json) {
        this.json = json;
    }

    /** The session as known, or one with the default thresholds when sessions.lifecycle has not told us of it yet. */
    @Transactional(Transactional.TxType.MANDATORY)
    public SessionWatch of(String sessionId) {
        WatchedSession s = WatchedSession.findById(sessionId);
        return s == null ? SessionWatch.unknown(sessionId) : toWatch(s);
    }

    public SessionWatch toWatch(WatchedSession s) {
        MonitoringThresholds plan = s.thresholds == null ? null : json.read(s.thresholds, MonitoringThresholds.class);
        return new SessionWatch(s.sessionId, s.patientId, s.clinicianId, s.state, s.dosedAt, Thresholds.of(plan),
                s.preDoseSystolic, s.preDoseDiastolic);
    }

    /** Whom the "call the sitter and the emergency contact" instruction names, with their phones. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Contacts> contacts(String sessionId) {
        WatchedSession s = WatchedSession.findById(sessionId);
        if (s == null) {
            return Optional.empty();
        }
        return Optional.of(new Contacts(s.sitter == null ? null : json.read(s.sitter, TreatmentPlanApproved.Person.class),
                s.emergencyContact == null ? null : json.read(s.emergencyContact, TreatmentPlanApproved.Person.class)));
    }

    public record Contacts(TreatmentPlanApproved.Person sitter, TreatmentPlanApproved.Person emergencyContact) {
    }

    /** A reading arrived from the session's device: the device-silence rule counts from here. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void readingSeen(String sessionId, Instant measuredAt) {
        WatchedSession s = WatchedSession.findById(sessionId);
        if (s != null && (s.lastReadingAt == null || measuredAt.isAfter(s.lastReadingAt))) {
            s.lastReadingAt = measuredAt;
        }
    }
}
