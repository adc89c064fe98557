package care.ketamine.alerting.session;

import care.ketamine.alerting.domain.SessionWatch;
import care.ketamine.alerting.domain.Thresholds;
import care.ketamine.contracts.intake.DosingAddress;
import care.ketamine.contracts.intake.MonitoringThresholds;
import care.ketamine.contracts.intake.TreatmentPlanApproved;
import care.ketamine.contracts.sessions.PairedDevice;
import care.ketamine.contracts.sessions.SessionAddress;
import care.ketamine.contracts.vitals.DeviceKinds;
import care.ketamine.platform.json.StoredJson;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.hibernate.Session;

import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
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
                s.emergencyContact == null ? null : json.read(s.emergencyContact, TreatmentPlanApproved.Person.class),
                !Boolean.FALSE.equals(s.textSitter)));
    }

    /** @param sitterTexted false when the plan says not to text the sitter to check on the patient */
    public record Contacts(TreatmentPlanApproved.Person sitter, TreatmentPlanApproved.Person emergencyContact,
                           boolean sitterTexted) {
    }

    /** Where to send help for the emergency step: the session's dosing address, emergency number, and its confirmation. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<SessionAddress> dosingAddress(String sessionId) {
        WatchedSession s = WatchedSession.findById(sessionId);
        if (s == null || s.dosingAddress == null) {
            return Optional.empty();
        }
        return Optional.of(new SessionAddress(json.read(s.dosingAddress, DosingAddress.class), s.addressConfirmedBy,
                s.addressConfirmedAt));
    }

    /**
     * Readings arrived: each device's stream (known from pairing, or from this reading when the pairing
     * event has not come yet) and the session take the server's receive time of their newest one. Two
     * statements for a whole poll.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void readingsSeen(Collection<SeenReading> readings) {
        Map<String, Instant> newestBySession = new HashMap<>();
        Map<List<String>, SeenReading> newestByDevice = new HashMap<>();
        for (SeenReading r : readings) {
            if (r.sessionId() == null || r.receivedAt() == null) {
                continue;
            }
            newestBySession.merge(r.sessionId(), r.receivedAt(), (a, b) -> a.isAfter(b) ? a : b);
            if (r.deviceId() != null) {
                newestByDevice.merge(List.of(r.sessionId(), r.deviceId()), r,
                        (a, b) -> a.receivedAt().isAfter(b.receivedAt()) ? a : b);
            }
        }
        if (newestBySession.isEmpty()) {
            return;
        }
        List<SeenReading> devices = List.copyOf(newestByDevice.values());
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
            if (devices.isEmpty()) {
                return;
            }
            // A revoked stream keeps its end: a reading that crossed the revocation does not bring it back.
            try (PreparedStatement upsert = connection.prepareStatement("""
                    INSERT INTO device_stream (session_id, device_id, kind, last_received_at)
                    SELECT seen.session_id, seen.device_id, seen.kind, seen.at::timestamptz
                    FROM unnest(?, ?, ?, ?) AS seen(session_id, device_id, kind, at)
                    ON CONFLICT (session_id, device_id) DO UPDATE
                    SET last_received_at = GREATEST(device_stream.last_received_at, excluded.last_received_at)""")) {
                upsert.setArray(1, connection.createArrayOf("text", devices.stream().map(SeenReading::sessionId).toArray()));
                upsert.setArray(2, connection.createArrayOf("text", devices.stream().map(SeenReading::deviceId).toArray()));
                upsert.setArray(3, connection.createArrayOf("text", devices.stream().map(SeenReading::kind).toArray()));
                upsert.setArray(4, connection.createArrayOf("text",
                        devices.stream().map(d -> d.receivedAt().toString()).toArray()));
                upsert.executeUpdate();
            }
        });
    }

    /**
     * A device was paired to the session: its stream starts (again) with the kind and cadence it declared. An
     * event without a device description is from before pairing described devices: a combined monitor.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void devicePaired(String sessionId, String deviceId, PairedDevice device, Instant at) {
        String kind = device == null || device.kind() == null ? DeviceKinds.MONITOR : device.kind();
        WatchedSession.getEntityManager().createNativeQuery("""
                        INSERT INTO device_stream (session_id, device_id, kind, role, cadence_seconds, paired_at)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                        ON CONFLICT (session_id, device_id) DO UPDATE SET kind = excluded.kind, role = excluded.role,
                            cadence_seconds = excluded.cadence_seconds, paired_at = excluded.paired_at, revoked_at = NULL""")
                .setParameter(1, sessionId).setParameter(2, deviceId).setParameter(3, kind)
                .setParameter(4, device == null ? null : device.role())
                .setParameter(5, device == null || device.cadenceSeconds() == null || device.cadenceSeconds() <= 0
                        ? null : device.cadenceSeconds())
                .setParameter(6, at).executeUpdate();
    }

    /** The session's monitoring has ended: the recent readings its rules kept are no longer needed. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void monitoringEnded(String sessionId) {
        WatchedSession.getEntityManager().createNativeQuery("DELETE FROM recent_readings WHERE session_id = ?1")
                .setParameter(1, sessionId).executeUpdate();
    }

    /** A device was revoked: its stream has ended and its silence is no longer judged. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void deviceRevoked(String sessionId, String deviceId, Instant at) {
        WatchedSession.getEntityManager().createNativeQuery("""
                        INSERT INTO device_stream (session_id, device_id, kind, revoked_at) VALUES (?1, ?2, ?3, ?4)
                        ON CONFLICT (session_id, device_id) DO UPDATE SET revoked_at = excluded.revoked_at""")
                .setParameter(1, sessionId).setParameter(2, deviceId).setParameter(3, DeviceKinds.MONITOR)
                .setParameter(4, at).executeUpdate();
    }
}
