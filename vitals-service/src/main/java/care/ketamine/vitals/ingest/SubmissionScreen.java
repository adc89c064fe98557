package care.ketamine.vitals.ingest;

import care.ketamine.platform.sql.SqlValues;
import care.ketamine.platform.problem.Problem;
import care.ketamine.vitals.session.SessionGate;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;

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

/**
 * Everything about a request the database can tell before anything goes to the broker, in one
 * transaction: the session is active and the device not revoked (else the whole request is refused),
 * and for each submission whether it was already accepted, whether it is from before check-in, and
 * whether the prompt it answers is this respondent's, due and not answered by another check-in.
 */
@ApplicationScoped
public class SubmissionScreen {

    /**
     * One round trip: the session's state and check-in time, whether the device was revoked, and the
     * submissions already accepted under these keys (one row each; one row of nulls when none).
     */
    private static final String SCREEN = """
            SELECT a.state, a.checked_in_at,
                   EXISTS (SELECT 1 FROM revoked_device r WHERE r.device_id = ?) AS revoked,
                   s.submission_key, s.fingerprint, s.event_id
            FROM (SELECT CAST(? AS text) AS session_id) q
            LEFT JOIN session_activity a ON a.session_id = q.session_id
            LEFT JOIN accepted_submission s ON s.session_id = q.session_id AND s.submission_key = ANY (?)""";

    private final AgroalDataSource database;
    private final Clock clock;

    public SubmissionScreen(AgroalDataSource database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /**
     * An outcome for each submission that is settled without the broker; null for those to publish.
     * Plain JDBC in autocommit, no transaction: it only reads, and it runs for every reading.
     */
    public List<SubmissionOutcome> screen(String sessionId, String deviceId, List<Submission> submissions) {
        String[] keys = submissions.stream().filter(s -> !s.isRefused()).map(Submission::key).distinct().toArray(String[]::new);
        Map<String, Object[]> accepted = new HashMap<>();
        Map<String, Object[]> prompts;
        String state = null;
        Instant checkedInAt = null;
        boolean revoked = false;
        try (Connection connection = database.getConnection()) {
            try (PreparedStatement screen = connection.prepareStatement(SCREEN)) {
                screen.setString(1, deviceId);
                screen.setString(2, sessionId);
                screen.setArray(3, connection.createArrayOf("text", keys));
                try (ResultSet row = screen.executeQuery()) {
                    while (row.next()) {
                        state = row.getString(1);
                        Timestamp checkedIn = row.getTimestamp(2);
                        checkedInAt = checkedIn == null ? null : checkedIn.toInstant();
                        revoked = row.getBoolean(3);
                        if (row.getString(4) != null) {
                            accepted.put(row.getString(4), new Object[]{row.getString(5), row.getObject(6, UUID.class)});
                        }
                    }
                }
            }
            SessionGate.admit(state, revoked);
            prompts = promptsAnswered(connection, sessionId, submissions);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot screen the submissions", e);
        }
        Map<String, Submission> inThisRequest = new HashMap<>();
        List<SubmissionOutcome> outcomes = new ArrayList<>(submissions.size());
        for (Submission s : submissions) {
            outcomes.add(outcome(checkedInAt, s, accepted, prompts, inThisRequest));
        }
        return outcomes;
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
                    + (s.respondent() == null ? "reading" : "check-in"));
        }
        Submission earlier = inThisRequest.putIfAbsent(s.key(), s);
        if (earlier != null) {
            return earlier.fingerprint().equals(s.fingerprint()) ? SubmissionOutcome.replayed(s.event().eventId())
                    : SubmissionOutcome.conflict("The id appears twice in this batch with different values");
        }
        if (checkedInAt != null && s.takenAt().isBefore(checkedInAt)) {
            return SubmissionOutcome.rejected("Not recorded", List.of(new Problem.Violation(
                    s.respondent() == null ? "measuredAt" : "answeredAt", "must not be before the session's check-in")));
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
