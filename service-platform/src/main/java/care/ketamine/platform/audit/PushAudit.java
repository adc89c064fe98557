package care.ketamine.platform.audit;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingDeque;

/**
 * Who was sent what over a live stream, and when: rows of the service's {@code read_audit} table like
 * {@link ReadAudit}'s, but not in a transaction of their own per push. A push is noted as it is handed to
 * the stream and the notes are written together, every second, in one batch; a note that cannot be written
 * (the database is away) waits for the next flush. At most {@value #MOST_WAITING} wait: past that a push is
 * counted ({@code audit_pushes_unrecorded_total}) rather than held in memory.
 */
@ApplicationScoped
public class PushAudit {

    static final int MOST_WAITING = 100_000;
    private static final int BATCH = 1_000;

    private record Push(String actor, String role, String action, String sessionId, Instant at) {
    }

    private final LinkedBlockingDeque<Push> waiting = new LinkedBlockingDeque<>(MOST_WAITING);
    private final AgroalDataSource dataSource;
    private final Clock clock;
    private final Counter unrecorded;

    public PushAudit(AgroalDataSource dataSource, Clock clock, MeterRegistry meters) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.unrecorded = meters.counter("audit.pushes.unrecorded");
    }

    /** Notes that {@code actor} was sent what {@code action} names, of the session (null: of none in particular). */
    public void pushed(String actor, String role, String action, String sessionId) {
        if (!waiting.offerLast(new Push(actor, role, action, sessionId == null ? "*" : sessionId, clock.instant()))) {
            unrecorded.increment();
        }
    }

    @Scheduled(every = "${audit.push.flush-every:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void flush() {
        List<Push> batch = new ArrayList<>(BATCH);
        while (waiting.drainTo(batch, BATCH) > 0) {
            try {
                write(batch);
                batch.clear();
            } catch (SQLException e) {
                Log.warnf("live pushes not yet audited (%d), will try again: %s", batch.size(), e.getMessage());
                for (int i = batch.size() - 1; i >= 0; i--) {
                    if (!waiting.offerFirst(batch.get(i))) {
                        unrecorded.increment();
                    }
                }
                return;
            }
        }
    }

    private void write(List<Push> batch) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement insert = c.prepareStatement(
                "INSERT INTO read_audit (actor, actor_role, action, session_id, at) VALUES (?, ?, ?, ?, ?)")) {
            c.setAutoCommit(false);
            for (Push push : batch) {
                insert.setString(1, push.actor());
                insert.setString(2, push.role());
                insert.setString(3, push.action());
                insert.setString(4, push.sessionId());
                insert.setTimestamp(5, Timestamp.from(push.at()));
                insert.addBatch();
            }
            insert.executeBatch();
            c.commit();
        }
    }
}
