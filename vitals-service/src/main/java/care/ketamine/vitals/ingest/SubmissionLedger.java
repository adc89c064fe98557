package care.ketamine.vitals.ingest;

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
 */
@ApplicationScoped
public class SubmissionLedger {

    /** Rows per transaction at most; more wait for the next one. */
    static final int MAX_GROUP = 2_000;

    private record Pending(String sessionId, List<Submission> acknowledged, CompletableFuture<Void> written) {
    }

    private final AgroalDataSource database;
    private final Clock clock;
    private final WaitingGroups<Pending> waiting;

    public SubmissionLedger(AgroalDataSource database, Clock clock) {
        this.database = database;
        this.clock = clock;
        this.waiting = new WaitingGroups<>("submission-ledger", MAX_GROUP, pending -> pending.acknowledged().size(), group -> {
            write(group);
            group.forEach(p -> p.written().complete(null));
        }, (group, e) -> {
            Log.warnf("the replay ledger could not write %d request(s); their replays will reach the broker again: %s",
                    group.size(), e.getCause() instanceof SQLException ? "SQLException" : e.getClass().getSimpleName());
            group.forEach(p -> p.written().completeExceptionally(e));
        });
    }

    /** Completes when the rows are committed; fails when they could not be written. */
    public CompletableFuture<Void> record(String sessionId, List<Submission> acknowledged) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        if (acknowledged.isEmpty()) {
            written.complete(null);
        } else if (!waiting.offer(new Pending(sessionId, acknowledged, written))) {
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
                         UPDATE check_in_prompt SET answered_by = ? WHERE prompt_id = ? AND session_id = ? AND answered_by IS NULL""")) {
                relaxed.execute("SET LOCAL synchronous_commit = off");
                boolean prompts = false;
                for (Pending pending : group) {
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
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }
}
