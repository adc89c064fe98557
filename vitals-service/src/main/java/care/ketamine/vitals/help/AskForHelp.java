package care.ketamine.vitals.help;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.vitals.HelpRequested;
import care.ketamine.platform.problem.Problem;
import care.ketamine.platform.problem.ProblemException;
import care.ketamine.vitals.domain.CheckInRules;
import care.ketamine.vitals.domain.RuleBreach;
import care.ketamine.vitals.ingest.DeviceIngest;
import care.ketamine.vitals.ingest.IngestAnswers;
import care.ketamine.vitals.ingest.IngestSettings;
import care.ketamine.vitals.ingest.Submission;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Use case: the patient or the sitter asks for help now. It takes the check-ins' path (screened against the
 * session, answered once the broker has it, a replay answered from the ledger), so it stays in order with
 * the session's readings and check-ins on {@code vitals.observations}.
 */
@ApplicationScoped
public class AskForHelp {

    private final DeviceIngest ingest;
    private final IngestAnswers answers;
    private final CheckInRules rules;
    private final Clock clock;

    public AskForHelp(DeviceIngest ingest, IngestAnswers answers, IngestSettings settings, Clock clock) {
        this.ingest = ingest;
        this.answers = answers;
        this.clock = clock;
        this.rules = new CheckInRules(clock, settings.maxFutureSkew());
    }

    /** @param requestedBy {@code patient} or {@code sitter}, from the caller's role */
    public Uni<Response> ask(String sessionId, String requestedBy, String subject, String deviceId, HelpRequest r) {
        if (r == null) {
            throw ProblemException.invalid("The help request was not recorded", List.of(new Problem.Violation("body", "is required")));
        }
        List<RuleBreach> breaches = rules.checkHelp(r.helpId(), r.askedAt(), r.note());
        Submission submission = breaches.isEmpty() ? submission(sessionId, requestedBy, subject, r) : Submission.refused(breaches);
        return ingest.submit("help-requests", sessionId, deviceId, List.of(submission))
                .map(outcomes -> answers.single(outcomes.get(0),
                        new HelpAccepted(sessionId, r.helpId(), requestedBy, outcomes.get(0).eventId())));
    }

    /** Taken at the server's receipt, not the phone's askedAt: a wrong clock on the phone must not refuse help. */
    private Submission submission(String sessionId, String requestedBy, String subject, HelpRequest r) {
        Instant receivedAt = clock.instant();
        HelpRequested help = new HelpRequested(r.helpId(), sessionId, requestedBy, subject, r.askedAt(), r.note(),
                receivedAt);
        EventEnvelope<HelpRequested> event = EventEnvelope.wrap(
                EventEnvelope.idFor(HelpRequested.TYPE.name(), sessionId, requestedBy, r.helpId()), HelpRequested.TYPE,
                sessionId, help, clock);
        return new Submission("help:" + requestedBy + ":" + r.helpId(), Submission.fingerprint(r.askedAt(), r.note()),
                receivedAt, null, requestedBy, event, List.of());
    }
}
