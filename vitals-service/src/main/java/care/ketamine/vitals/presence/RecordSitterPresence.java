package care.ketamine.vitals.presence;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.vitals.CheckInPrompted;
import care.ketamine.contracts.vitals.SitterPresenceChanged;
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
import java.util.List;

/**
 * Use case: the sitter tells their app that they stepped out or came back. The check-ins' path, so it stays in
 * order with the session's check-ins; alerting warns when the sitter stays out.
 */
@ApplicationScoped
public class RecordSitterPresence {

    private final DeviceIngest ingest;
    private final IngestAnswers answers;
    private final CheckInRules rules;
    private final Clock clock;

    public RecordSitterPresence(DeviceIngest ingest, IngestAnswers answers, IngestSettings settings, Clock clock) {
        this.ingest = ingest;
        this.answers = answers;
        this.clock = clock;
        this.rules = new CheckInRules(clock, settings.maxFutureSkew());
    }

    public Uni<Response> record(String sessionId, String subject, String deviceId, SitterPresenceRequest r) {
        if (r == null) {
            throw ProblemException.invalid("The change was not recorded", List.of(new Problem.Violation("body", "is required")));
        }
        List<RuleBreach> breaches = rules.checkSitterPresence(r.presenceId(), r.present(), r.at());
        Submission submission = breaches.isEmpty() ? submission(sessionId, subject, r) : Submission.refused(breaches);
        return ingest.submit("sitter-presence", sessionId, deviceId, List.of(submission))
                .map(outcomes -> answers.single(outcomes.get(0), new SitterPresenceAccepted(sessionId, r.presenceId(),
                        Boolean.TRUE.equals(r.present()), outcomes.get(0).eventId())));
    }

    private Submission submission(String sessionId, String subject, SitterPresenceRequest r) {
        SitterPresenceChanged change = new SitterPresenceChanged(r.presenceId(), sessionId, subject, r.present(), r.at(),
                clock.instant());
        EventEnvelope<SitterPresenceChanged> event = EventEnvelope.wrap(
                EventEnvelope.idFor(SitterPresenceChanged.TYPE.name(), sessionId, r.presenceId()), SitterPresenceChanged.TYPE,
                sessionId, change, clock);
        return new Submission("sitter-presence:" + r.presenceId(), Submission.fingerprint(r.present(), r.at()), r.at(), null,
                CheckInPrompted.SITTER, event, List.of());
    }
}
