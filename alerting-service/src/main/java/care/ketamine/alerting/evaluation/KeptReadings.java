package care.ketamine.alerting.evaluation;

import care.ketamine.alerting.domain.RecentReadings;
import care.ketamine.alerting.domain.SessionWatch;
import care.ketamine.contracts.sessions.SessionStates;
import care.ketamine.platform.json.StoredJson;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.Session;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The sessions' recent readings (table {@code recent_readings}), read and written with the evaluation's
 * transaction, one statement each for a whole poll: the state the rules' "lasted" windows and the streams'
 * order need survives a restart and a move of the partition to another replica, as the alerts do.
 */
@ApplicationScoped
class KeptReadings {

    private final EntityManager entityManager;
    private final StoredJson json;
    private final Clock clock;

    KeptReadings(EntityManager entityManager, StoredJson json, Clock clock) {
        this.entityManager = entityManager;
        this.json = json;
        this.clock = clock;
    }

    /** Each session's kept readings; none kept for a session yet is an empty one. */
    @Transactional(Transactional.TxType.MANDATORY)
    Map<String, RecentReadings> of(Collection<String> sessionIds) {
        Map<String, RecentReadings> kept = new HashMap<>();
        if (!sessionIds.isEmpty()) {
            entityManager.unwrap(Session.class).doWork(connection -> {
                try (PreparedStatement select = connection.prepareStatement(
                        "SELECT session_id, state FROM recent_readings WHERE session_id = ANY(?)")) {
                    select.setArray(1, connection.createArrayOf("text", sessionIds.toArray()));
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            String sessionId = rows.getString(1);
                            kept.put(sessionId, RecentReadings.of(sessionId, json.read(rows.getString(2), RecentReadings.State.class)));
                        }
                    }
                }
            });
        }
        sessionIds.forEach(id -> kept.computeIfAbsent(id, RecentReadings::none));
        return kept;
    }

    /** Keeps the sessions' readings, except those of sessions whose monitoring has ended (a reading judged after the end). */
    @Transactional(Transactional.TxType.MANDATORY)
    void keep(Map<String, RecentReadings> readings, Map<String, SessionWatch> sessions) {
        Map<String, RecentReadings> bySession = new HashMap<>(readings);
        bySession.keySet().removeIf(id -> sessions.get(id) != null && SessionStates.ended(sessions.get(id).state()));
        if (bySession.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        entityManager.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement("""
                    INSERT INTO recent_readings (session_id, state, updated_at)
                    SELECT k.session_id, k.state, ? FROM unnest(?, ?) AS k(session_id, state)
                    ON CONFLICT (session_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at""")) {
                upsert.setObject(1, java.sql.Timestamp.from(now));
                upsert.setArray(2, connection.createArrayOf("text", bySession.keySet().toArray()));
                upsert.setArray(3, connection.createArrayOf("text",
                        bySession.values().stream().map(r -> json.write(r.state())).toArray()));
                upsert.executeUpdate();
            }
        });
    }
}
