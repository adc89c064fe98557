package care.ketamine.vitals.reading;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.vitals.ReadingRecorded;
import care.ketamine.platform.problem.Problem;
import care.ketamine.platform.problem.ProblemException;
import care.ketamine.vitals.domain.ReadingPlausibility;
import care.ketamine.vitals.domain.RuleBreach;
import care.ketamine.vitals.session.SessionGate;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Use case: a device records one reading for its session. The reading is checked, put on the
 * broker, and acknowledged to the device only once the broker has it.
 */
@ApplicationScoped
public class RecordReading {

    private final ObservationPublisher publisher;
    private final SessionGate sessions;
    private final ReadingPlausibility plausibility;
    private final IngestSettings settings;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Timer brokerAck;

    public RecordReading(ObservationPublisher publisher, SessionGate sessions, IngestSettings settings, Clock clock,
                         MeterRegistry meters) {
        this.publisher = publisher;
        this.sessions = sessions;
        this.settings = settings;
        this.clock = clock;
        this.meters = meters;
        this.plausibility = new ReadingPlausibility(clock, settings.maxFutureSkew());
        this.brokerAck = Timer.builder("vitals.readings.broker.ack")
                .description("Time from handing a reading to the producer to the broker's acknowledgement")
                .publishPercentiles(0.5, 0.99)
                .register(meters);
    }

    /**
     * @param deviceId the paired device's id (token claim device_id), or null for a token without one
     */
    public Uni<ReadingAccepted> record(String sessionId, String subject, String deviceId, ReadingRequest request) {
        if (request == null) {
            throw rejected(List.of(new RuleBreach("body", "is required")));
        }
        List<RuleBreach> breaches = plausibility.check(request.toReading());
        if (!breaches.isEmpty()) {
            throw rejected(breaches);
        }
        ReadingRecorded reading = new ReadingRecorded(request.readingId(), sessionId, subject,
                request.systolic(), request.diastolic(), request.heartRate(), request.spo2(),
                request.measuredAt(), clock.instant());
        // The same reading sent again (a device retrying after a timeout or a 503) gets the same event id,
        // so every consumer, idempotent on event ids, stores and counts it once.
        EventEnvelope<ReadingRecorded> event = EventEnvelope.wrap(
                EventEnvelope.idFor(ReadingRecorded.TYPE.name(), sessionId, request.readingId()),
                ReadingRecorded.TYPE, sessionId, reading, clock);
        // The session check reads the database: off the event loop.
        return Uni.createFrom().item(() -> {
                    sessions.admit(sessionId, deviceId, request.measuredAt());
                    return event;
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onFailure(ProblemException.class).invoke(refused ->
                        meters.counter("vitals.readings.rejected", "reason", "session").increment())
                .chain(() -> send(sessionId, event, request.readingId()));
    }

    private Uni<ReadingAccepted> send(String sessionId, EventEnvelope<ReadingRecorded> event, String readingId) {
        Timer.Sample sample = Timer.start(meters);
        return publisher.publish(sessionId, event)
                .ifNoItem().after(settings.brokerAckTimeout()).fail()
                .onItem().invoke(() -> {
                    sample.stop(brokerAck);
                    meters.counter("vitals.readings.accepted").increment();
                })
                .onFailure().transform(this::brokerUnavailable)
                .replaceWith(new ReadingAccepted(sessionId, readingId, event.eventId()));
    }

    private ProblemException rejected(List<RuleBreach> breaches) {
        meters.counter("vitals.readings.rejected", "reason", "implausible").increment();
        return ProblemException.invalid("The reading breaks " + breaches.size() + " rule(s) and was not recorded",
                breaches.stream().map(b -> new Problem.Violation(b.field(), b.rule())).toList());
    }

    private ProblemException brokerUnavailable(Throwable failure) {
        String outcome = failure instanceof TimeoutException ? "timeout" : "refused";
        meters.counter("vitals.readings.rejected", "reason", "broker-" + outcome).increment();
        Response.Status status = Response.Status.SERVICE_UNAVAILABLE;
        return new ProblemException(Problem.of(status,
                "The reading could not be stored safely right now (broker " + outcome + "); send it again with the same readingId"),
                Map.of("Retry-After", String.valueOf(settings.retryAfterSeconds())));
    }
}
