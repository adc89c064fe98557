package care.ketamine.session.lifecycle;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.EventType;
import care.ketamine.contracts.alerts.AlertSnapshot;
import care.ketamine.contracts.vitals.PatientCheckedIn;
import care.ketamine.contracts.vitals.ReadingRecorded;
import care.ketamine.contracts.vitals.SitterCheckedIn;
import care.ketamine.contracts.security.Roles;
import care.ketamine.session.device.PairedDevice;
import care.ketamine.session.domain.GateReading;
import care.ketamine.session.domain.LatestVitals;
import care.ketamine.session.domain.OpenAlert;
import care.ketamine.session.domain.PatientLook;
import care.ketamine.session.domain.SitterLook;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * What the dose and discharge are judged on, read from this service's own projections: the latest
 * blood pressure and SpO2, the paired devices, the console's alert snapshots (unresolved ones) and the console feed's readings and
 * check-ins (each row the event as it came from Kafka).
 */
@ApplicationScoped
public class SessionFacts {

    private final EntityManager entityManager;

    public SessionFacts(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** The newest blood pressure and SpO2, each from the newest reading carrying it, and the devices paired now. */
    LatestVitals latestVitals(UUID sessionId, Instant now) {
        List<?> rows = entityManager.createNativeQuery("""
                        SELECT measure, systolic, diastolic, heart_rate, spo2, measured_at, device_kind
                        FROM latest_measure WHERE session_id = ?1""")
                .setParameter(1, sessionId).getResultList();
        GateReading bloodPressure = null;
        GateReading oxygen = null;
        for (Object row : rows) {
            Object[] c = (Object[]) row;
            GateReading r = new GateReading(number(c[1]), number(c[2]), number(c[3]), number(c[4]), instant(c[5]),
                    (String) c[6]);
            if (ReadingProjection.BLOOD_PRESSURE.equals(c[0])) {
                bloodPressure = r;
            } else {
                oxygen = r;
            }
        }
        return new LatestVitals(bloodPressure, oxygen, pairedReadingKinds(sessionId, now));
    }

    /** The kinds of the session's reading devices paired now (unrevoked, unexpired). */
    Set<String> pairedReadingKinds(UUID sessionId, Instant now) {
        return PairedDevice.<PairedDevice>list("sessionId = ?1 and role = ?2 and revokedAt is null and expiresAt > ?3",
                sessionId, Roles.PATIENT_DEVICE, now).stream().map(d -> d.kind).collect(Collectors.toSet());
    }

    private static Integer number(Object value) {
        return value == null ? null : ((Number) value).intValue();
    }

    private static Instant instant(Object value) {
        return value instanceof java.sql.Timestamp t ? t.toInstant()
                : value instanceof java.time.OffsetDateTime o ? o.toInstant() : (Instant) value;
    }

    /** The session's alerts not RESOLVED, as their latest snapshot describes them. */
    List<OpenAlert> openAlerts(UUID sessionId) {
        List<?> rows = entityManager.createNativeQuery(
                        "SELECT snapshot FROM console_alert WHERE session_id = ?1 AND status <> 'RESOLVED' ORDER BY updated_at")
                .setParameter(1, sessionId.toString()).getResultList();
        return rows.stream().map(row -> {
            String json = (String) row;
            AlertSnapshot a = EventJson.read(json, new EventType<>(EventJson.typeOf(json), 1, AlertSnapshot.class)).payload();
            return new OpenAlert(a.alertId().toString(), a.rule(), a.severity(), a.status());
        }).toList();
    }

    /** The sitter's check-in answered last, or null. */
    SitterLook latestSitter(UUID sessionId) {
        SitterCheckedIn s = latest(sessionId, SitterCheckedIn.TYPE, "answeredAt");
        return s == null ? null : new SitterLook(s.moaas(), s.sitterPresent(), s.answeredAt());
    }

    /** The patient's check-in answered last, or null. */
    PatientLook latestPatient(UUID sessionId) {
        PatientCheckedIn p = latest(sessionId, PatientCheckedIn.TYPE, "answeredAt");
        return p == null ? null : new PatientLook(p.feelsOk(), p.answeredAt());
    }

    /** The session's readings measured at or after {@code from}. */
    List<GateReading> readingsSince(UUID sessionId, Instant from) {
        List<?> rows = entityManager.createNativeQuery("""
                        SELECT event FROM console_feed WHERE session_id = ?1 AND type = ?2
                          AND (event::jsonb #>> '{payload,measuredAt}')::timestamptz >= ?3""")
                .setParameter(1, sessionId.toString()).setParameter(2, ReadingRecorded.TYPE.name()).setParameter(3, from)
                .getResultList();
        return rows.stream().map(row -> EventJson.read((String) row, ReadingRecorded.TYPE).payload())
                .map(r -> new GateReading(r.systolic(), r.diastolic(), r.heartRate(), r.spo2(), r.measuredAt(),
                        r.kindOrMonitor())).toList();
    }

    private <T> T latest(UUID sessionId, EventType<T> type, String timeField) {
        List<?> rows = entityManager.createNativeQuery("""
                        SELECT event FROM console_feed WHERE session_id = ?1 AND type = ?2
                        ORDER BY (event::jsonb #>> '{payload,%s}')::timestamptz DESC, position DESC LIMIT 1"""
                        .formatted(timeField))
                .setParameter(1, sessionId.toString()).setParameter(2, type.name()).getResultList();
        if (rows.isEmpty()) {
            return null;
        }
        EventEnvelope<T> event = EventJson.read((String) rows.get(0), type);
        return event.payload();
    }
}
