package care.ketamine.vitals.projection;

import care.ketamine.platform.sql.SqlValues;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Reads the stored readings and check-ins of a session. */
@ApplicationScoped
public class ReadingHistory {

    private final EntityManager entityManager;

    public ReadingHistory(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** A session's readings measured in [from, to), oldest first, at most {@code limit}. */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<HistoricReading> between(String sessionId, Instant from, Instant to, int limit) {
        List<Object[]> rows = entityManager.createNativeQuery("""
                        SELECT event_id, reading_id, device_id, device_kind, systolic, diastolic, heart_rate, spo2,
                               respiratory_rate, perfusion_index, measurement_flags, body_position, measurement_site,
                               measured_at, coalesce(device_measured_at, measured_at), received_at
                        FROM reading WHERE session_id = ?1 AND measured_at >= ?2 AND measured_at < ?3
                        ORDER BY measured_at, event_id LIMIT ?4""")
                .setParameter(1, sessionId).setParameter(2, from).setParameter(3, to).setParameter(4, limit)
                .getResultList();
        return rows.stream().map(r -> new HistoricReading((UUID) r[0], (String) r[1], (String) r[2], (String) r[3],
                nullableNumber(r[4]), nullableNumber(r[5]), nullableNumber(r[6]), nullableNumber(r[7]), nullableNumber(r[8]),
                r[9] == null ? null : ((Number) r[9]).doubleValue(), flags(r[10]), (String) r[11], (String) r[12],
                SqlValues.instant(r[13]), SqlValues.instant(r[14]), SqlValues.instant(r[15]))).toList();
    }

    /** A session's check-ins answered in [from, to), oldest first, at most {@code limit}. */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<HistoricCheckIn> checkInsBetween(String sessionId, Instant from, Instant to, int limit) {
        List<Object[]> rows = entityManager.createNativeQuery("""
                        SELECT event_id, check_in_id, prompt_id, respondent, device_id, unreality, body_disconnection,
                               time_distortion, nausea, anxiety, feels_ok, moaas, sitter_present, answered_at, received_at
                        FROM check_in WHERE session_id = ?1 AND answered_at >= ?2 AND answered_at < ?3
                        ORDER BY answered_at, event_id LIMIT ?4""")
                .setParameter(1, sessionId).setParameter(2, from).setParameter(3, to).setParameter(4, limit)
                .getResultList();
        return rows.stream().map(r -> new HistoricCheckIn((UUID) r[0], (String) r[1], (String) r[2], (String) r[3],
                (String) r[4], nullableNumber(r[5]), nullableNumber(r[6]), nullableNumber(r[7]), nullableNumber(r[8]),
                nullableNumber(r[9]), (Boolean) r[10], nullableNumber(r[11]), (Boolean) r[12], SqlValues.instant(r[13]),
                SqlValues.instant(r[14]))).toList();
    }

    /** How many readings of a session are stored. */
    @Transactional
    public long countForSession(String sessionId) {
        return ((Number) entityManager.createNativeQuery("SELECT count(*) FROM reading WHERE session_id = :session")
                .setParameter("session", sessionId).getSingleResult()).longValue();
    }

    private static List<String> flags(Object value) {
        if (value instanceof String[] array) {
            return List.of(array);
        }
        if (value instanceof java.sql.Array array) {
            try {
                return List.of((String[]) array.getArray());
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException("cannot read measurement flags", e);
            }
        }
        return List.of();
    }

    private static Integer nullableNumber(Object value) {
        return value == null ? null : ((Number) value).intValue();
    }

}
