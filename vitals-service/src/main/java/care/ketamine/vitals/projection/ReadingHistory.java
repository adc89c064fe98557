package care.ketamine.vitals.projection;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.vitals.ReadingRecorded;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.hibernate.Session;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** The stored history of readings (table {@code reading}). */
@ApplicationScoped
public class ReadingHistory {

    private static final String INSERT = """
            INSERT INTO reading (event_id, reading_id, session_id, device_id, systolic, diastolic, heart_rate, spo2,
                                 measured_at, received_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING""";

    private final EntityManager entityManager;

    public ReadingHistory(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /**
     * Stores the readings not stored yet, in one JDBC batch; a redelivered event or a replayed
     * device reading id is skipped. Returns how many were new.
     */
    @Transactional
    @Retry(maxRetries = 30, delay = 1, delayUnit = ChronoUnit.SECONDS, jitter = 200)
    public int storeNew(List<EventEnvelope<ReadingRecorded>> readings) {
        if (readings.isEmpty()) {
            return 0;
        }
        return entityManager.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                for (EventEnvelope<ReadingRecorded> event : readings) {
                    ReadingRecorded r = event.payload();
                    insert.setObject(1, event.eventId());
                    insert.setString(2, r.readingId());
                    insert.setString(3, r.sessionId());
                    insert.setString(4, r.deviceId());
                    insert.setInt(5, r.systolic());
                    insert.setInt(6, r.diastolic());
                    setNullable(insert, 7, r.heartRate());
                    setNullable(insert, 8, r.spo2());
                    insert.setTimestamp(9, Timestamp.from(r.measuredAt()));
                    insert.setTimestamp(10, Timestamp.from(r.receivedAt()));
                    insert.addBatch();
                }
                int stored = 0;
                for (int rows : insert.executeBatch()) {
                    stored += Math.max(rows, 0);
                }
                return stored;
            }
        });
    }

    /** A session's readings measured in [from, to), oldest first, at most {@code limit}. */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<HistoricReading> between(String sessionId, java.time.Instant from, java.time.Instant to, int limit) {
        List<Object[]> rows = entityManager.createNativeQuery("""
                        SELECT event_id, reading_id, systolic, diastolic, heart_rate, spo2, measured_at, received_at
                        FROM reading WHERE session_id = ?1 AND measured_at >= ?2 AND measured_at < ?3
                        ORDER BY measured_at, event_id LIMIT ?4""")
                .setParameter(1, sessionId).setParameter(2, from).setParameter(3, to).setParameter(4, limit)
                .getResultList();
        return rows.stream().map(r -> new HistoricReading((java.util.UUID) r[0], (String) r[1], ((Number) r[2]).intValue(),
                ((Number) r[3]).intValue(), r[4] == null ? null : ((Number) r[4]).intValue(),
                r[5] == null ? null : ((Number) r[5]).intValue(), instant(r[6]), instant(r[7]))).toList();
    }

    private static java.time.Instant instant(Object value) {
        return value instanceof java.sql.Timestamp t ? t.toInstant() : value instanceof java.time.Instant i ? i
                : ((java.time.OffsetDateTime) value).toInstant();
    }

    /** How many readings of a session are stored. */
    @Transactional
    public long countForSession(String sessionId) {
        return ((Number) entityManager.createNativeQuery("SELECT count(*) FROM reading WHERE session_id = :session")
                .setParameter("session", sessionId).getSingleResult()).longValue();
    }

    private static void setNullable(PreparedStatement statement, int index, Integer value) throws java.sql.SQLException {
        if (value == null) {
            statement.setNull(index, Types.SMALLINT);
        } else {
            statement.setInt(index, value);
        }
    }
}
