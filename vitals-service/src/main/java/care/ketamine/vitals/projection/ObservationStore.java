package care.ketamine.vitals.projection;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.vitals.PatientCheckedIn;
import care.ketamine.contracts.vitals.ReadingRecorded;
import care.ketamine.contracts.vitals.SitterCheckedIn;
import care.ketamine.platform.consumer.RetryingTransaction;
import care.ketamine.vitals.checkin.CrisisRetests;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes a poll's observations in one transaction and JDBC batches: readings, check-ins and the
 * feed the live stream replays, and the cuff retests a blood-pressure crisis calls for. Every insert skips what is already there, so a redelivered event
 * is stored once. Sessions with new feed entries are told to live streams on every replica with
 * NOTIFY, which PostgreSQL delivers only when the transaction commits.
 */
@ApplicationScoped
public class ObservationStore {

    /** Channel of the NOTIFY that wakes live streams; the payload is the session id. */
    public static final String CHANNEL = "observations";

    private final EntityManager entityManager;
    private final CrisisRetests retests;

    public ObservationStore(EntityManager entityManager, CrisisRetests retests) {
        this.entityManager = entityManager;
        this.retests = retests;
    }

    /** One event of the poll, with where it sits on its partition. */
    public record Projected(EventEnvelope<?> event, String sessionId, long offset, String json) {
    }

    /**
     * Stores what is new; returns how many readings were new. A database that is down is waited for, however
     * long; any other failure is tried again every second, each time in a new transaction, for half a minute
     * before it is thrown.
     */
    public int storeNew(List<Projected> events) {
        if (events.isEmpty()) {
            return 0;
        }
        return RetryingTransaction.call(31, Duration.ofSeconds(1), () -> store(events));
    }

    private int store(List<Projected> events) {
        return entityManager.unwrap(Session.class).doReturningWork(connection -> {
            int readings = insertReadings(connection, events);
            List<EventEnvelope<ReadingRecorded>> recorded = readings(events);
            if (!recorded.isEmpty()) {
                retests.apply(connection, recorded);
            }
            insertCheckIns(connection, events);
            Set<String> advanced = insertFeed(connection, events);
            if (!advanced.isEmpty()) {
                try (PreparedStatement notify = connection.prepareStatement(
                        "SELECT pg_notify('" + CHANNEL + "', s) FROM unnest(?) AS s")) {
                    notify.setArray(1, connection.createArrayOf("text", advanced.toArray()));
                    notify.execute();
                }
            }
            return readings;
        });
    }

    @SuppressWarnings("unchecked")
    private static List<EventEnvelope<ReadingRecorded>> readings(List<Projected> events) {
        List<EventEnvelope<ReadingRecorded>> readings = new java.util.ArrayList<>();
        for (Projected p : events) {
            if (p.event().payload() instanceof ReadingRecorded) {
                readings.add((EventEnvelope<ReadingRecorded>) p.event());
            }
        }
        return readings;
    }

    private static int insertReadings(Connection connection, List<Projected> events) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO reading (event_id, reading_id, session_id, device_id, systolic, diastolic, heart_rate, spo2,
                                     measured_at, received_at, device_kind, respiratory_rate, perfusion_index,
                                     measurement_flags, body_position, measurement_site, device_measured_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")) {
            for (Projected p : events) {
                if (p.event().payload() instanceof ReadingRecorded r) {
                    insert.setObject(1, p.event().eventId());
                    insert.setString(2, r.readingId());
                    insert.setString(3, r.sessionId());
                    insert.setString(4, r.deviceId());
                    setNullable(insert, 5, r.systolic());
                    setNullable(insert, 6, r.diastolic());
                    setNullable(insert, 7, r.heartRate());
                    setNullable(insert, 8, r.spo2());
                    insert.setTimestamp(9, Timestamp.from(r.measuredAt()));
                    insert.setTimestamp(10, Timestamp.from(r.receivedAt()));
                    insert.setString(11, r.kindOrMonitor());
                    setNullable(insert, 12, r.respiratoryRate());
                    if (r.perfusionIndex() == null) {
                        insert.setNull(13, Types.DOUBLE);
                    } else {
                        insert.setDouble(13, r.perfusionIndex());
                    }
                    insert.setArray(14, connection.createArrayOf("text", r.measurementFlags().stream().sorted().toArray()));
                    insert.setString(15, r.bodyPosition());
                    insert.setString(16, r.measurementSite());
                    insert.setTimestamp(17, Timestamp.from(r.deviceMeasuredAt() == null ? r.measuredAt() : r.deviceMeasuredAt()));
                    insert.addBatch();
                }
            }
            return rowsInserted(insert.executeBatch());
        }
    }

    private static void insertCheckIns(Connection connection, List<Projected> events) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO check_in (event_id, check_in_id, prompt_id, session_id, device_id, respondent, unreality,
                                      body_disconnection, time_distortion, nausea, anxiety, feels_ok, moaas, sitter_present,
                                      answered_at, received_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")) {
            for (Projected p : events) {
                Object payload = p.event().payload();
                if (payload instanceof PatientCheckedIn c) {
                    common(insert, p, c.checkInId(), c.promptId(), c.sessionId(), c.deviceId(), "patient",
                            Timestamp.from(c.answeredAt()), Timestamp.from(c.receivedAt()));
                    insert.setInt(7, c.unreality());
                    insert.setInt(8, c.bodyDisconnection());
                    insert.setInt(9, c.timeDistortion());
                    insert.setInt(10, c.nausea());
                    insert.setInt(11, c.anxiety());
                    insert.setBoolean(12, c.feelsOk());
                    insert.setNull(13, Types.SMALLINT);
                    insert.setNull(14, Types.BOOLEAN);
                    insert.addBatch();
                } else if (payload instanceof SitterCheckedIn c) {
                    common(insert, p, c.checkInId(), c.promptId(), c.sessionId(), c.deviceId(), "sitter",
                            Timestamp.from(c.answeredAt()), Timestamp.from(c.receivedAt()));
                    for (int i = 7; i <= 11; i++) {
                        insert.setNull(i, Types.SMALLINT);
                    }
                    insert.setNull(12, Types.BOOLEAN);
                    insert.setInt(13, c.moaas());
                    insert.setBoolean(14, c.sitterPresent());
                    insert.addBatch();
                }
            }
            insert.executeBatch();
        }
    }

    private static void common(PreparedStatement insert, Projected p, String checkInId, String promptId, String sessionId,
                               String deviceId, String respondent, Timestamp answeredAt, Timestamp receivedAt) throws SQLException {
        insert.setObject(1, p.event().eventId());
        insert.setString(2, checkInId);
        insert.setString(3, promptId);
        insert.setString(4, sessionId);
        insert.setString(5, deviceId);
        insert.setString(6, respondent);
        insert.setTimestamp(15, answeredAt);
        insert.setTimestamp(16, receivedAt);
    }

    /** Returns the sessions whose feed advanced. */
    private static Set<String> insertFeed(Connection connection, List<Projected> events) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO observation_feed (session_id, kafka_offset, event_id, type, event)
                VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")) {
            for (Projected p : events) {
                insert.setString(1, p.sessionId());
                insert.setLong(2, p.offset());
                insert.setObject(3, p.event().eventId());
                insert.setString(4, p.event().type());
                insert.setString(5, p.json());
                insert.addBatch();
            }
            int[] rows = insert.executeBatch();
            Set<String> advanced = new LinkedHashSet<>();
            for (int i = 0; i < rows.length; i++) {
                if (rows[i] != 0) {
                    advanced.add(events.get(i).sessionId());
                }
            }
            return advanced;
        }
    }

    private static int rowsInserted(int[] rows) {
        int stored = 0;
        for (int r : rows) {
            stored += Math.max(r, 0);
        }
        return stored;
    }

    private static void setNullable(PreparedStatement statement, int index, Integer value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.SMALLINT);
        } else {
            statement.setInt(index, value);
        }
    }
}
