package care.ketamine.vitals.ingest;

import care.ketamine.platform.sql.SqlValues;
import care.ketamine.platform.problem.Problem;
import care.ketamine.vitals.session.SessionActivity;
import care.ketamine.vitals.session.SessionGate;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;
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

    private final SessionGate sessions;
    private final EntityManager entityManager;
    private final Clock clock;

    public SubmissionScreen(SessionGate sessions, EntityManager entityManager, Clock clock) {
        this.sessions = sessions;
        this.entityManager = entityManager;
        this.clock = clock;
    }

    /** An outcome for each submission that is settled without the broker; null for those to publish. */
    @Transactional
    public List<SubmissionOutcome> screen(String sessionId, String deviceId, List<Submission> submissions) {
        SessionActivity session = sessions.admit(sessionId, deviceId);
        Map<String, Object[]> accepted = acceptedBefore(sessionId, submissions);
        Map<String, Object[]> prompts = promptsAnswered(sessionId, submissions);
        Map<String, Submission> inThisRequest = new HashMap<>();
        List<SubmissionOutcome> outcomes = new ArrayList<>(submissions.size());
        for (Submission s : submissions) {
            outcomes.add(outcome(session, s, accepted, prompts, inThisRequest));
        }
        return outcomes;
    }

    private SubmissionOutcome outcome(SessionActivity session, Submission s, Map<String, Object[]> accepted,
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
        if (session.checkedInAt != null && s.takenAt().isBefore(session.checkedInAt)) {
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

    @SuppressWarnings("unchecked")
    private Map<String, Object[]> acceptedBefore(String sessionId, List<Submission> submissions) {
        List<String> keys = submissions.stream().filter(s -> !s.isRefused()).map(Submission::key).distinct().toList();
        Map<String, Object[]> byKey = new HashMap<>();
        if (!keys.isEmpty()) {
            List<Object[]> rows = entityManager.createNativeQuery("SELECT submission_key, fingerprint, event_id "
                            + "FROM accepted_submission WHERE session_id = :session AND submission_key IN (:keys)")
                    .setParameter("session", sessionId).setParameter("keys", keys).getResultList();
            rows.forEach(r -> byKey.put((String) r[0], new Object[]{r[1], r[2]}));
        }
        return byKey;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object[]> promptsAnswered(String sessionId, List<Submission> submissions) {
        List<String> ids = submissions.stream().map(Submission::promptId).filter(Objects::nonNull).distinct().toList();
        Map<String, Object[]> byId = new HashMap<>();
        if (!ids.isEmpty()) {
            List<Object[]> rows = entityManager.createNativeQuery("SELECT prompt_id, respondent, due_at, answered_by, cancelled "
                            + "FROM check_in_prompt WHERE session_id = :session AND prompt_id IN (:ids)")
                    .setParameter("session", sessionId).setParameter("ids", ids).getResultList();
            rows.forEach(r -> byId.put((String) r[0], new Object[]{r[1], r[2], r[3], r[4]}));
        }
        return byId;
    }

}
