package care.ketamine.vitals.ingest;

import care.ketamine.contracts.vitals.DeviceKinds;
import care.ketamine.platform.consumer.RetryingTransaction;
import care.ketamine.platform.sql.SqlValues;
import care.ketamine.platform.problem.Problem;
import care.ketamine.vitals.session.SessionGate;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Everything about a request the database can tell before anything goes to the broker: the
 * session is active and the device not revoked (else the whole request is refused), and for each
 * submission whether it was already accepted, whether it is from before check-in, and whether the
 * prompt it answers is this respondent's, due and not answered by another check-in.
 *
 * <p>Group screening: one thread takes every request waiting and looks them all up in one
 * statement, so that under load many requests share a round trip to PostgreSQL instead of each
 * paying for its own on a worker thread (the way the ledger group-commits). A request is answered
 * as soon as its group has been looked up.
 */
@ApplicationScoped
public class IngestAdmission {

    /** Requests per statement at most; more wait for the next one. */
    static final int MAX_GROUP = 256;

    /**
     * One round trip for the group: per request (n), the session's state and check-in time,
     * whether the device was revoked and the kind it was paired as; then one row per submission already accepted under a key
     * the request sends.
     */
    private static final String SCREEN = """
            WITH q AS (SELECT * FROM unnest(CAST(? AS int[]), CAST(? AS text[]), CAST(? AS text[])) AS q(n, session_id, device_id)),
                 k AS (SELECT * FROM unnest(CAST(? AS int[]), CAST(? AS text[])) AS k(n, submission_key))
            SELECT q.n, a.state, a.checked_in_at,
                   EXISTS (SELECT 1 FROM revoked_device r WHERE r.device_id = q.device_id) AS revoked,
                   CAST(NULL AS text) AS submission_key, CAST(NULL AS text) AS fingerprint, CAST(NULL AS uuid) AS event_id,
                   (SELECT p.kind FROM paired_device p WHERE p.device_id = q.device_id) AS device_kind
            FROM q LEFT JOIN session_activity a ON a.session_id = q.session_id
            UNION ALL
            SELECT k.n, NULL, NULL, NULL, s.submission_key, s.fingerprint, s.event_id, NULL
            FROM k JOIN q ON q.n = k.n
            JOIN accepted_submission s ON s.session_id = q.session_id AND s.submission_key = k.submission_key""";

    private record Request(String sessionId, String deviceId, List<Submission> submissions,
                           CompletableFuture<Screened> answer) {
    }

    /**
     * The request's submissions as the device's kind shapes them (what to publish), and an outcome for each that
     * is settled without the broker (null for those to publish).
     */
    public record Screened(List<Submission> submissions, List<SubmissionOutcome> outcomes) {
    }

    /** The database could not be asked about the session: nothing was decided, the device sends it again (503). */
    public static final class DatabaseUnavailable extends RuntimeException {
        DatabaseUnavailable(SQLException cause) {
            super("cannot screen the submissions: " + cause.getMessage(), cause);
        }
    }

    /** What the database says about one request. */
    private static final class Facts {
        String state;
        Instant checkedInAt;
        boolean revoked;
        String deviceKind;
        final Map<String, Object[]> accepted = new HashMap<>();
        Map<String, Object[]> prompts = Map.of();
    }

    private final AgroalDataSource database;
    private final Clock clock;
    private final DistributionSummary groupSize;
    private final MicroBatcher<Request> waiting;

    public IngestAdmission(AgroalDataSource database, Clock clock, MeterRegistry meters) {
        this.database = database;
        this.clock = clock;
        this.groupSize = DistributionSummary.builder("vitals.screen.group")
                .description("Requests screened together in one database round trip")
                .baseUnit("requests").publishPercentiles(0.5, 0.99).register(meters);
        this.waiting = new MicroBatcher<>("submission-screen", MAX_GROUP, request -> 1, group -> {
            groupSize.record(group.size());
            answer(group);
        }, (group, failure) -> group.forEach(r -> r.answer().completeExceptionally(failure)));
    }

    /**
     * An outcome for each submission that is settled without the broker; null for those to publish.
     * Fails with a 409 or 403 problem when the session or the device may not post.
     */
    public CompletableFuture<Screened> screen(String sessionId, String deviceId, List<Submission> submissions) {
        CompletableFuture<Screened> answer = new CompletableFuture<>();
        if (!waiting.offer(new Request(sessionId, deviceId, submissions, answer))) {
            answer.completeExceptionally(new IllegalStateException("the submission screen is not running"));
        }
        return answer;
    }

    void start(@Observes StartupEvent started) {
        waiting.start();
    }

    void stop(@Observes ShutdownEvent stopping) throws InterruptedException {
        waiting.stop();
    }

    /** Looks the group up, lets the connection go, then answers each request (its next steps run on this thread). */
    private void answer(List<Request> group) {
        List<Facts> facts;
        try (Connection connection = database.getConnection()) {
            facts = lookUp(connection, group);
            for (int i = 0; i < group.size(); i++) {
                Request r = group.get(i);
                if (SessionGate.mayPost(facts.get(i).state, facts.get(i).revoked)) {
                    facts.get(i).prompts = promptsAnswered(connection, r.sessionId(), r.submissions());
                }
            }
        } catch (SQLException e) {
            // Unavailable when the connection failed or none came (the pool's timeout has no SQL state); a statement
            // the database refused (a value it cannot take) is a fault here, not a reason to send it again.
            RuntimeException failed = e.getSQLState() == null || RetryingTransaction.databaseUnavailable(e)
                    ? new DatabaseUnavailable(e) : new IllegalStateException("cannot screen the submissions", e);
            group.forEach(r -> r.answer().completeExceptionally(failed));
            return;
        }
        for (int i = 0; i < group.size(); i++) {
            Request r = group.get(i);
            Facts f = facts.get(i);
            try {
                SessionGate.admit(f.state, f.revoked);
                Map<String, Submission> inThisRequest = new HashMap<>();
                List<SubmissionOutcome> outcomes = new ArrayList<>(r.submissions().size());
                List<Submission> shaped = new ArrayList<>(r.submissions().size());
                // A device never paired with a kind is the combined monitor every device was before kinds existed.
                String kind = f.deviceKind == null ? DeviceKinds.MONITOR : f.deviceKind;
                for (Submission s : r.submissions()) {
                    Submission forDevice = s.shapedFor(kind);
                    shaped.add(forDevice);
                    outcomes.add(outcome(f.checkedInAt, forDevice, f.accepted, f.prompts, inThisRequest));
                }
                r.answer().complete(new Screened(shaped, outcomes));
            } catch (RuntimeException refused) {
                r.answer().completeExceptionally(refused);
            }
        }
    }

    private static List<Facts> lookUp(Connection connection, List<Request> group) throws SQLException {
        Integer[] n = new Integer[group.size()];
        String[] sessions = new String[group.size()];
        String[] devices = new String[group.size()];
        List<Integer> owners = new ArrayList<>(); // the request (n) sending each key
        List<String> keys = new ArrayList<>();
        List<Facts> facts = new ArrayList<>(group.size());
        for (int i = 0; i < group.size(); i++) {
            Request r = group.get(i);
            n[i] = i;
            sessions[i] = r.sessionId();
            devices[i] = r.deviceId();
            for (String key : r.submissions().stream().filter(s -> !s.isRefused()).map(Submission::key).filter(Objects::nonNull).distinct().toList()) {
                owners.add(i);
                keys.add(key);
            }
            facts.add(new Facts());
        }
        try (PreparedStatement screen = connection.prepareStatement(SCREEN)) {
            screen.setArray(1, connection.createArrayOf("int4", n));
            screen.setArray(2, connection.createArrayOf("text", sessions));
            screen.setArray(3, connection.createArrayOf("text", devices));
            screen.setArray(4, connection.createArrayOf("int4", owners.toArray()));
            screen.setArray(5, connection.createArrayOf("text", keys.toArray()));
            try (ResultSet row = screen.executeQuery()) {
                while (row.next()) {
                    Facts f = facts.get(row.getInt(1));
                    if (row.getString(5) != null) {
                        f.accepted.put(row.getString(5), new Object[]{row.getString(6), row.getObject(7, UUID.class)});
                    } else {
                        f.state = row.getString(2);
                        Timestamp checkedIn = row.getTimestamp(3);
                        f.checkedInAt = checkedIn == null ? null : checkedIn.toInstant();
                        f.revoked = row.getBoolean(4);
                        f.deviceKind = row.getString(8);
                    }
                }
            }
        }
        return facts;
    }

    private SubmissionOutcome outcome(Instant checkedInAt, Submission s, Map<String, Object[]> accepted,
                                      Map<String, Object[]> prompts, Map<String, Submission> inThisRequest) {
        if (s.isRefused()) {
            return SubmissionOutcome.rejected("Breaks " + s.breaches().size() + " rule(s); not recorded",
                    s.breaches().stream().map(b -> new Problem.Violation(b.field(), b.rule())).toList());
        }
        Object[] before = accepted.get(s.key());
        if (before != null) {
            return before[0].equals(s.fingerprint()) ? SubmissionOutcome.replayed((UUID) before[1])
                    : SubmissionOutcome.conflict("The id was already used with other values; use a new id for a new "
                    + s.noun());
        }
        Submission earlier = inThisRequest.putIfAbsent(s.key(), s);
        if (earlier != null) {
            return earlier.fingerprint().equals(s.fingerprint()) ? SubmissionOutcome.replayed(s.event().eventId())
                    : SubmissionOutcome.conflict("The id appears twice in this batch with different values");
        }
        if (checkedInAt != null && s.takenAt().isBefore(checkedInAt)) {
            return SubmissionOutcome.rejected("Not recorded", List.of(new Problem.Violation(
                    s.takenAtField(), "must not be before the session's check-in")));
        }
        if (s.promptId() != null) {
            return promptProblem(s, prompts.get(s.promptId()));
        }
        return null;
    }

    /** Row: respondent, due_at, answered_by, cancelled. */
    private SubmissionOutcome promptProblem(Submission s, Object[] prompt) {
        if (prompt == null || !s.respondent().equals(prompt[0])) {
            return SubmissionOutcome.rejected("Not recorded", List.of(new Problem.Violation("promptId",
                    "is not a " + s.respondent() + " prompt of this session")));
        }
        if (SqlValues.instant(prompt[1]).isAfter(clock.instant())) {
            return SubmissionOutcome.rejected("Not recorded", List.of(new Problem.Violation("promptId", "is not due yet")));
        }
        if (prompt[2] != null && !Objects.equals(prompt[2], s.key())) {
            return SubmissionOutcome.conflict("The prompt was already answered by another check-in");
        }
        return null;
    }

    /** Row per prompt answered in this request: respondent, due_at, answered_by, cancelled. */
    private static Map<String, Object[]> promptsAnswered(Connection connection, String sessionId, List<Submission> submissions)
            throws SQLException {
        String[] ids = submissions.stream().map(Submission::promptId).filter(Objects::nonNull).distinct().toArray(String[]::new);
        Map<String, Object[]> byId = new HashMap<>();
        if (ids.length == 0) {
            return byId;
        }
        try (PreparedStatement prompts = connection.prepareStatement("SELECT prompt_id, respondent, due_at, answered_by, cancelled "
                + "FROM check_in_prompt WHERE session_id = ? AND prompt_id = ANY (?)")) {
            prompts.setString(1, sessionId);
            prompts.setArray(2, connection.createArrayOf("text", ids));
            try (ResultSet row = prompts.executeQuery()) {
                while (row.next()) {
                    byId.put(row.getString(1), new Object[]{row.getString(2), row.getTimestamp(3).toInstant(), row.getString(4),
                            row.getBoolean(5)});
                }
            }
        }
        return byId;
    }
}
