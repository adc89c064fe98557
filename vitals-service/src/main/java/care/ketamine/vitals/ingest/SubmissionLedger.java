package care.ketamine.vitals.ingest;

import care.ketamine.vitals.domain.DeviceClock;
import io.agroal.api.AgroalDataSource;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Remembers what the broker acknowledged, so a replay is answered from here. Written after the ack:
 * if this write is lost, a replay goes to the broker again under the same event id, and every
 * consumer, idempotent on event ids, still keeps it once. So the ledger's commit does not wait for
 * the WAL to reach the disk ({@code synchronous_commit = off} for this transaction only): a
 * database crash can lose its last few hundred milliseconds, which costs nothing but a resend,
 * while waiting for the flush on every reading capped ingest at the disk's commit rate.
 *
 * <p>Group commit: one writer thread takes everything waiting and writes it in one transaction, so
 * under load many requests share a commit instead of each paying for its own. A request is still
 * answered only once its rows are written (or the write failed).
 *
 * <p>The same transaction keeps each device's latest clock offset ({@code device_clock}) when the request
 * carried the device's time: a record for the clinic, lost at worst with the ledger's last milliseconds.
 */
@ApplicationScoped
public class SubmissionLedger {

    /** Rows per transaction at most; more wait for the next one. */
    static final int MAX_GROUP = 2_000;

    private record Pending(String sessionId, String deviceId, List<Submission> acknowledged, CompletableFuture<Void> written) {
    }

    private final AgroalDataSource database;
    private final Clock clock;
    private final MicroBatcher<Pending> waiting;

    public SubmissionLedger(AgroalDataSource database, Clock clock) {
        this.database = database;
        this.clock = clock;
        this.waiting = new MicroBatcher<>("submission-ledger", MAX_GROUP, pending -> pending.acknowledged().size(), group -> {
            write(group);
            group.forEach(p -> p.written().complete(null));
        }, (group, e) -> {
            Log.warnf("the replay ledger could not write %d request(s); their replays will reach the broker again: %s",
                    group.size(), e.getCause() instanceof SQLException ? "SQLException" : e.getClass().getSimpleName());
            group.forEach(p -> p.written().completeExceptionally(e));
        });
    }

    /** Completes when the rows are committed; fails when they could not be written. */
    public CompletableFuture<Void> record(String sessionId, String deviceId, List<Submission> acknowledged) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        if (acknowledged.isEmpty()) {
            written.complete(null);
        } else if (!waiting.offer(new Pending(sessionId, deviceId, acknowledged, written))) {
            written.completeExceptionally(new IllegalStateException("the ledger writer is not running"));
        }
        return written;
    }

    void start(@Observes StartupEvent started) {
        waiting.start();
    }

    void stop(@Observes ShutdownEvent stopping) throws InterruptedException {
        waiting.stop();
    }

    private void write(List<Pending> group) {
        try {
            writeRows(group);
        } catch (SQLException e) {
            throw new IllegalStateException("the ledger rows could not be written", e);
        }
    }

    private void writeRows(List<Pending> group) throws SQLException {
        Timestamp now = Timestamp.from(clock.instant());
        try (Connection connection = database.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement relaxed = connection.createStatement();
                 PreparedStatement ledger = connection.prepareStatement("""
                         INSERT INTO accepted_submission (session_id, submission_key, fingerprint, event_id, accepted_at)
                         VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""");
                 PreparedStatement prompt = connection.prepareStatement("""
                         UPDATE check_in_prompt SET answered_by = ? WHERE prompt_id = ? AND session_id = ? AND answered_by IS NULL""");
                 PreparedStatement deviceClock = connection.prepareStatement("""
                         INSERT INTO device_clock (device_id, session_id, offset_ms, device_time, received_at) VALUES (?, ?, ?, ?, ?)
                         ON CONFLICT (device_id) DO UPDATE SET session_id = excluded.session_id, offset_ms = excluded.offset_ms,
                             device_time = excluded.device_time, received_at = excluded.received_at
                         WHERE device_clock.received_at <= excluded.received_at""")) {
                relaxed.execute("SET LOCAL synchronous_commit = off");
                boolean prompts = false;
                boolean clocks = false;
                for (Pending pending : group) {
                    DeviceClock.Sample latest = latestClock(pending.acknowledged());
                    if (latest != null && pending.deviceId() != null) {
                        deviceClock.setString(1, pending.deviceId());
                        deviceClock.setString(2, pending.sessionId());
                        deviceClock.setLong(3, latest.offset().toMillis());
                        deviceClock.setTimestamp(4, Timestamp.from(latest.deviceTime()));
                        deviceClock.setTimestamp(5, Timestamp.from(latest.receivedAt()));
                        deviceClock.addBatch();
                        clocks = true;
                    }
                    for (Submission s : pending.acknowledged()) {
                        ledger.setString(1, pending.sessionId());
                        ledger.setString(2, s.key());
                        ledger.setString(3, s.fingerprint());
                        ledger.setObject(4, s.event().eventId());
                        ledger.setTimestamp(5, now);
                        ledger.addBatch();
                        if (s.promptId() != null) {
                            prompt.setString(1, s.key());
                            prompt.setString(2, s.promptId());
                            prompt.setString(3, pending.sessionId());
                            prompt.addBatch();
                            prompts = true;
                        }
                    }
                }
                ledger.executeBatch();
                if (prompts) {
                    prompt.executeBatch();
                }
                if (clocks) {
                    deviceClock.executeBatch();
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    private static DeviceClock.Sample latestClock(List<Submission> acknowledged) {
        DeviceClock.Sample latest = null;
        for (Submission s : acknowledged) {
            if (s.clock() != null && (latest == null || s.clock().receivedAt().isAfter(latest.receivedAt()))) {
                latest = s.clock();
            }
        }
        return latest;
    }
}
