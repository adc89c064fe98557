package care.ketamine.vitals.reading;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.vitals.ReadingRecorded;
import care.ketamine.platform.problem.Problem;
import care.ketamine.platform.problem.ProblemException;
import care.ketamine.vitals.domain.BloodPressureUnit;
import care.ketamine.vitals.domain.DeviceGivenId;
import care.ketamine.vitals.domain.DeviceClock;
import care.ketamine.vitals.domain.Reading;
import care.ketamine.vitals.domain.ReadingPlausibility;
import care.ketamine.vitals.domain.RuleBreach;
import care.ketamine.vitals.ingest.DeviceIngest;
import care.ketamine.vitals.ingest.IngestAnswers;
import care.ketamine.vitals.ingest.IngestSettings;
import care.ketamine.vitals.ingest.Submission;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Use cases: a device records one reading, or sends several together (an oximeter's samples, a backlog). Each
 * reading is checked against the kind its device was paired as (known once the screen has looked the device
 * up, in the same round trip as the session), put on the broker, and acknowledged only once the broker has it.
 * The device's clock is corrected from the request's deviceTime ({@link DeviceClock}).
 */
@ApplicationScoped
public class RecordReading {

    public static final int MAX_BATCH = 500;

    private final DeviceIngest ingest;
    private final IngestAnswers answers;
    private final ReadingPlausibility plausibility;
    private final DeviceClock deviceClock;
    private final Clock clock;

    public RecordReading(DeviceIngest ingest, IngestAnswers answers, IngestSettings settings, Clock clock) {
        this.ingest = ingest;
        this.answers = answers;
        this.clock = clock;
        this.plausibility = new ReadingPlausibility(clock, settings.maxFutureSkew());
        this.deviceClock = new DeviceClock(settings.clockOffsetBound());
    }

    /** @param deviceId the paired device's id (token claim device_id; SessionBinding refuses a token without one) */
    public Uni<Response> record(String sessionId, String subject, String deviceId, ReadingRequest request) {
        if (request == null) {
            throw ProblemException.invalid("The reading was not recorded", List.of(new Problem.Violation("body", "is required")));
        }
        Instant receivedAt = clock.instant();
        return ingest.submit("readings", sessionId, deviceId,
                        List.of(submission(sessionId, subject, deviceId, request, null, receivedAt)))
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
        Instant receivedAt = clock.instant();
        List<Submission> submissions = batch.readings().stream()
                .map(r -> r == null ? Submission.refused(List.of(new RuleBreach("reading", "is required")))
                        : submission(sessionId, subject, deviceId, r, batch.deviceTime(), receivedAt))
                .toList();
        return ingest.submit("readings", sessionId, deviceId, submissions)
                .map(outcomes -> answers.batch(outcomes, ReadingBatchResult.of(sessionId, batch.readings(), outcomes)));
    }

    /**
     * What can be told before the device's kind is known (the id and the time, which the screen needs), and the
     * rest once it is.
     */
    private Submission submission(String sessionId, String subject, String deviceId, ReadingRequest request,
                                  Instant batchDeviceTime, Instant receivedAt) {
        Instant deviceTime = request.deviceTime() != null ? request.deviceTime() : batchDeviceTime;
        DeviceClock.Sample sample = deviceTime == null ? null : new DeviceClock.Sample(deviceTime, receivedAt);
        Instant measuredAt = deviceClock.corrected(request.measuredAt(), sample);
        // Without an id that keeps the rule there is nothing already accepted to look up (a null key matches nothing;
        // a NUL could not even be looked up); the checks that follow the kind refuse it with every other rule it breaks.
        String key = DeviceGivenId.keepsTheRule(request.readingId()) ? "reading:" + request.readingId() : null;
        return Submission.awaitingKind(key, fingerprint(request), measuredAt, sample,
                kind -> checked(sessionId, subject, deviceId, request, kind, measuredAt, receivedAt, sample));
    }

    private Submission checked(String sessionId, String subject, String deviceId, ReadingRequest request, String kind,
                               Instant measuredAt, Instant receivedAt, DeviceClock.Sample sample) {
        Reading reading = request.toReading(measuredAt);
        List<RuleBreach> breaches = plausibility.check(reading, kind);
        if (!breaches.isEmpty()) {
            return Submission.refused(breaches);
        }
        ReadingRecorded recorded = new ReadingRecorded(request.readingId(), sessionId, subject,
                mmHg(request.systolic(), request.unit()), mmHg(request.diastolic(), request.unit()),
                request.heartRate(), request.spo2(), measuredAt, receivedAt, kind, request.respiratoryRate(),
                request.perfusionIndex(), new LinkedHashSet<>(reading.measurementFlags()), request.bodyPosition(),
                request.measurementSite(), request.measuredAt());
        // The same reading sent again gets the same event id, so every consumer, idempotent on event ids,
        // keeps it once even when a replay reaches the broker twice.
        EventEnvelope<ReadingRecorded> event = EventEnvelope.wrap(
                EventEnvelope.idFor(ReadingRecorded.TYPE.name(), sessionId, request.readingId()),
                ReadingRecorded.TYPE, sessionId, recorded, clock);
        return new Submission("reading:" + request.readingId(), fingerprint(request), measuredAt, null, null, event,
                List.of(), null, sample);
    }

    private static Integer mmHg(BigDecimal value, String unit) {
        BigDecimal mmHg = BloodPressureUnit.toMmHg(value, unit);
        return mmHg == null ? null : mmHg.intValueExact();
    }

    /**
     * The values as the device sent them (its own measuredAt, not the corrected one, and not deviceTime, which a
     * resend changes). A reading of the original shape keeps the fingerprint it had before the new fields.
     */
    static String fingerprint(ReadingRequest r) {
        Object systolic = r.systolic() == null ? null : r.systolic().stripTrailingZeros().toPlainString();
        Object diastolic = r.diastolic() == null ? null : r.diastolic().stripTrailingZeros().toPlainString();
        boolean original = r.unit() == null && r.respiratoryRate() == null && r.perfusionIndex() == null
                && (r.measurementFlags() == null || r.measurementFlags().isEmpty()) && r.bodyPosition() == null
                && r.measurementSite() == null;
        if (original) {
            return Submission.fingerprint(systolic, diastolic, r.heartRate(), r.spo2(), r.measuredAt());
        }
        return Submission.fingerprint(systolic, diastolic, r.heartRate(), r.spo2(), r.measuredAt(), r.unit(),
                r.respiratoryRate(), r.perfusionIndex(), r.measurementFlags() == null ? List.of() : List.copyOf(
                        new java.util.TreeSet<>(r.measurementFlags())), r.bodyPosition(), r.measurementSite());
    }
}
