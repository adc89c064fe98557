package care.ketamine.vitals.reading;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.vitals.ReadingRecorded;
import care.ketamine.platform.problem.Problem;
import care.ketamine.platform.problem.ProblemException;
import care.ketamine.vitals.domain.ReadingPlausibility;
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
 * Use cases: a device records one reading, or uploads a backlog of them. Each reading is checked,
 * put on the broker, and acknowledged to the device only once the broker has it.
 */
@ApplicationScoped
public class RecordReading {

    public static final int MAX_BATCH = 500;

    private final DeviceIngest ingest;
    private final IngestAnswers answers;
    private final ReadingPlausibility plausibility;
    private final Clock clock;

    public RecordReading(DeviceIngest ingest, IngestAnswers answers, IngestSettings settings, Clock clock) {
        this.ingest = ingest;
        this.answers = answers;
        this.clock = clock;
        this.plausibility = new ReadingPlausibility(clock, settings.maxFutureSkew());
    }

    /** @param deviceId the paired device's id (token claim device_id; SessionBinding refuses a token without one) */
    public Uni<Response> record(String sessionId, String subject, String deviceId, ReadingRequest request) {
        if (request == null) {
            throw ProblemException.invalid("The reading was not recorded", List.of(new Problem.Violation("body", "is required")));
        }
        return ingest.submit("readings", sessionId, deviceId, List.of(submission(sessionId, subject, request)))
                .map(outcomes -> answers.single(outcomes.get(0),
                        new ReadingAccepted(sessionId, request.readingId(), outcomes.get(0).eventId())));
    }

    public Uni<Response> recordBatch(String sessionId, String subject, String deviceId, ReadingBatchRequest batch) {
        if (batch == null || batch.readings() == null || batch.readings().isEmpty()) {
            throw ProblemException.invalid("The batch was not recorded",
                    List.of(new Problem.Violation("readings", "must hold 1 to " + MAX_BATCH + " readings")));
        }
        if (batch.readings().size() > MAX_BATCH) {
            throw ProblemException.invalid("The batch was not recorded", List.of(new Problem.Violation("readings",
                    "holds " + batch.readings().size() + " readings; at most " + MAX_BATCH + " per batch")));
        }
        List<Submission> submissions = batch.readings().stream()
                .map(r -> r == null ? Submission.refused(List.of(new RuleBreach("reading", "is required")))
                        : submission(sessionId, subject, r))
                .toList();
        return ingest.submit("readings", sessionId, deviceId, submissions)
                .map(outcomes -> answers.batch(outcomes, ReadingBatchResult.of(sessionId, batch.readings(), outcomes)));
    }

    private Submission submission(String sessionId, String subject, ReadingRequest request) {
        List<RuleBreach> breaches = plausibility.check(request.toReading());
        if (!breaches.isEmpty()) {
            return Submission.refused(breaches);
        }
        ReadingRecorded reading = new ReadingRecorded(request.readingId(), sessionId, subject,
                request.systolic(), request.diastolic(), request.heartRate(), request.spo2(),
                request.measuredAt(), clock.instant());
        String key = "reading:" + request.readingId();
        // The same reading sent again gets the same event id, so every consumer, idempotent on event ids,
        // keeps it once even when a replay reaches the broker twice.
        EventEnvelope<ReadingRecorded> event = EventEnvelope.wrap(
                EventEnvelope.idFor(ReadingRecorded.TYPE.name(), sessionId, request.readingId()),
                ReadingRecorded.TYPE, sessionId, reading, clock);
        return new Submission(key, Submission.fingerprint(request.systolic(), request.diastolic(), request.heartRate(),
                request.spo2(), request.measuredAt()), request.measuredAt(), null, null, event, List.of());
    }
}
