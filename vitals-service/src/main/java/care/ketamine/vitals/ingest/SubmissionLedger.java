package care.ketamine.vitals.ingest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.Session;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;

/**
 * Remembers what the broker acknowledged, so a replay is answered from here. Written after the ack:
 * if this write is lost, a replay goes to the broker again under the same event id, and every
 * consumer, idempotent on event ids, still keeps it once. So the ledger's commit does not wait for
 * the WAL to reach the disk ({@code synchronous_commit = off} for this transaction only): a
 * database crash can lose its last few hundred milliseconds, which costs nothing but a resend,
 * while waiting for the flush on every reading capped ingest at the disk's commit rate.
 */
@ApplicationScoped
public class SubmissionLedger {

    private final EntityManager entityManager;
    private final Clock clock;

    public SubmissionLedger(EntityManager entityManager, Clock clock) {
        this.entityManager = entityManager;
        this.clock = clock;
    }

    @Transactional
    public void record(String sessionId, List<Submission> acknowledged) {
        if (acknowledged.isEmpty()) {
            return;
        }
        Timestamp now = Timestamp.from(clock.instant());
        entityManager.unwrap(Session.class).doWork(connection -> {
            try (var relaxed = connection.createStatement()) {
                relaxed.execute("SET LOCAL synchronous_commit = off");
            }
            try (PreparedStatement ledger = connection.prepareStatement("""
                    INSERT INTO accepted_submission (session_id, submission_key, fingerprint, event_id, accepted_at)
                    VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""");
                 PreparedStatement prompt = connection.prepareStatement("""
                         UPDATE check_in_prompt SET answered_by = ? WHERE prompt_id = ? AND session_id = ? AND answered_by IS NULL""")) {
                for (Submission s : acknowledged) {
                    ledger.setString(1, sessionId);
                    ledger.setString(2, s.key());
                    ledger.setString(3, s.fingerprint());
                    ledger.setObject(4, s.event().eventId());
                    ledger.setTimestamp(5, now);
                    ledger.addBatch();
                    if (s.promptId() != null) {
                        prompt.setString(1, s.key());
                        prompt.setString(2, s.promptId());
                        prompt.setString(3, sessionId);
                        prompt.addBatch();
                    }
                }
                ledger.executeBatch();
                prompt.executeBatch();
            }
        });
    }
}
