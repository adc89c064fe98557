package care.ketamine.vitals.checkin;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventType;
import care.ketamine.contracts.vitals.CheckInPrompted;
import care.ketamine.contracts.vitals.PatientCheckedIn;
import care.ketamine.contracts.vitals.SitterCheckedIn;
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

/** Use cases: the patient or the sitter answers a check-in prompt (or checks in unprompted). */
@ApplicationScoped
public class RecordCheckIn {

    private final DeviceIngest ingest;
    private final IngestAnswers answers;
    private final CheckInRules rules;
    private final Clock clock;

    public RecordCheckIn(DeviceIngest ingest, IngestAnswers answers, IngestSettings settings, Clock clock) {
        this.ingest = ingest;
        this.answers = answers;
        this.clock = clock;
        this.rules = new CheckInRules(clock, settings.maxFutureSkew());
    }

    public Uni<Response> patient(String sessionId, String subject, String deviceId, PatientCheckInRequest r) {
        requireBody(r);
        List<RuleBreach> breaches = rules.checkPatient(r.checkInId(), r.promptId(), r.unreality(), r.bodyDisconnection(),
                r.timeDistortion(), r.nausea(), r.anxiety(), r.feelsOk(), r.answeredAt());
        Submission submission = breaches.isEmpty()
                ? submission(sessionId, CheckInPrompted.PATIENT, r.checkInId(), r.promptId(), r.answeredAt(), PatientCheckedIn.TYPE,
                new PatientCheckedIn(r.checkInId(), r.promptId(), sessionId, subject, r.unreality(), r.bodyDisconnection(),
                        r.timeDistortion(), r.nausea(), r.anxiety(), r.feelsOk(), r.answeredAt(), clock.instant()),
                Submission.fingerprint(r.promptId(), r.unreality(), r.bodyDisconnection(), r.timeDistortion(), r.nausea(),
                        r.anxiety(), r.feelsOk(), r.answeredAt()))
                : Submission.refused(breaches);
        return submit(sessionId, deviceId, submission, r.checkInId(), r.promptId());
    }

    public Uni<Response> sitter(String sessionId, String subject, String deviceId, SitterCheckInRequest r) {
        requireBody(r);
        List<RuleBreach> breaches = rules.checkSitter(r.checkInId(), r.promptId(), r.moaas(), r.sitterPresent(), r.answeredAt());
        Submission submission = breaches.isEmpty()
                ? submission(sessionId, CheckInPrompted.SITTER, r.checkInId(), r.promptId(), r.answeredAt(), SitterCheckedIn.TYPE,
                new SitterCheckedIn(r.checkInId(), r.promptId(), sessionId, subject, r.moaas(), r.sitterPresent(),
                        r.answeredAt(), clock.instant()),
                Submission.fingerprint(r.promptId(), r.moaas(), r.sitterPresent(), r.answeredAt()))
                : Submission.refused(breaches);
        return submit(sessionId, deviceId, submission, r.checkInId(), r.promptId());
    }

    private <T> Submission submission(String sessionId, String respondent, String checkInId, String promptId,
                                      Instant answeredAt, EventType<T> type, T payload, String fingerprint) {
        String key = "check-in:" + respondent + ":" + checkInId;
        EventEnvelope<T> event = EventEnvelope.wrap(EventEnvelope.idFor(type.name(), sessionId, checkInId), type,
                sessionId, payload, clock);
        return new Submission(key, fingerprint, answeredAt, promptId, respondent, event, List.of());
    }

    private Uni<Response> submit(String sessionId, String deviceId, Submission submission, String checkInId, String promptId) {
        return ingest.submit("check-ins", sessionId, deviceId, List.of(submission))
                .map(outcomes -> answers.single(outcomes.get(0),
                        new CheckInAccepted(sessionId, checkInId, promptId, outcomes.get(0).eventId())));
    }

    private static void requireBody(Object body) {
        if (body == null) {
            throw ProblemException.invalid("The check-in was not recorded", List.of(new Problem.Violation("body", "is required")));
        }
    }
}
