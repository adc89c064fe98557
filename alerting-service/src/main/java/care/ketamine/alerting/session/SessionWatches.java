package care.ketamine.alerting.session;

import care.ketamine.alerting.domain.SessionWatch;
import care.ketamine.alerting.domain.Thresholds;
import care.ketamine.contracts.intake.MonitoringThresholds;
import care.ketamine.contracts.intake.TreatmentPlanApproved;
import care.ketamine.platform.json.StoredJson;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.hibernate.Session;

import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
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

    /** {@link #of(String)} for many sessions, in one query. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<String, SessionWatch> ofAll(Collection<String> sessionIds) {
        Map<String, SessionWatch> watches = new HashMap<>();
        if (!sessionIds.isEmpty()) {
            WatchedSession.<WatchedSession>list("sessionId in ?1", sessionIds).forEach(s -> watches.put(s.sessionId, toWatch(s)));
        }
        sessionIds.forEach(id -> watches.computeIfAbsent(id, SessionWatch::unknown));
        return watches;
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

    /** {@link #readingSeen(String, Instant)} for many sessions (the newest reading of each), in one statement. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void readingsSeen(Map<String, Instant> newestBySession) {
        if (newestBySession.isEmpty()) {
            return;
        }
        WatchedSession.getEntityManager().unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE session_watch w SET last_reading_at = seen.at::timestamptz
                    FROM unnest(?, ?) AS seen(session_id, at)
                    WHERE w.session_id = seen.session_id
                      AND (w.last_reading_at IS NULL OR w.last_reading_at < seen.at::timestamptz)""")) {
                update.setArray(1, connection.createArrayOf("text", newestBySession.keySet().toArray()));
                update.setArray(2, connection.createArrayOf("text",
                        newestBySession.values().stream().map(Instant::toString).toArray()));
                update.executeUpdate();
            }
        });
    }
}
