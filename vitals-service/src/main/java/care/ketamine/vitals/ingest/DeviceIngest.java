package care.ketamine.vitals.ingest;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The path every reading and check-in takes: screened against the session and what was already
 * accepted, put on the broker, answered only once the broker has acknowledged it, then remembered
 * so that a replay is answered without sending it again.
 */
@Startup
@ApplicationScoped
public class DeviceIngest {

    private final IngestAdmission screen;
    private final SubmissionLedger ledger;
    private final ObservationPublisher publisher;
    private final IngestSettings settings;
    private final MeterRegistry meters;
    private final Timer brokerAck;
    private final java.util.Map<String, Timer> ingestLatency = new java.util.concurrent.ConcurrentHashMap<>();
    /** Readings and check-ins between arrival and answer: bounded by vitals.ingest.max-waiting. */
    private final AtomicInteger waiting = new AtomicInteger();

    public DeviceIngest(IngestAdmission screen, SubmissionLedger ledger, ObservationPublisher publisher,
                        IngestSettings settings, MeterRegistry meters) {
        this.screen = screen;
        this.ledger = ledger;
        this.publisher = publisher;
        this.settings = settings;
        this.meters = meters;
        this.brokerAck = Timer.builder("vitals.broker.ack")
                .description("Time from handing an observation to the producer to the broker's acknowledgement (acks=all)")
                .publishPercentiles(0.5, 0.99)
                .register(meters);
        Gauge.builder("vitals.ingest.waiting", waiting, AtomicInteger::get)
                .description("Readings and check-ins waiting for screening or the broker's ack").register(meters);
        // Served at 0 from the start, also after a restart: a series that appears only with its first event leaves
        // the dashboard empty and is missed by increase() and rate() in the alert rules.
        for (String kind : List.of("readings", "check-ins", "help-requests", "sitter-presence")) {
            meters.counter("vitals.ingest.shed", "kind", kind);
            meters.counter("vitals." + kind + ".accepted");
            meters.counter("vitals." + kind + ".replayed");
            for (String reason : List.of("invalid", "conflict", "unavailable", "session")) {
                meters.counter("vitals." + kind + ".rejected", "reason", reason);
            }
            ingestLatency.computeIfAbsent(kind, this::ingestLatency);
        }
    }

    /** Readings and check-ins waiting for screening or the broker's ack now. */
    public int waiting() {
        return waiting.get();
    }

    /**
     * @param kind "readings", "check-ins", "help-requests" or "sitter-presence": the metric names' prefix
     * @return one outcome per submission, in order; a 409 or 403 problem when the session or device may not post
     */
    public Uni<List<SubmissionOutcome>> submit(String kind, String sessionId, String deviceId, List<Submission> submissions) {
        // Counted from subscription to answer, so a request is in the count exactly while it is being worked on.
        Uni<List<SubmissionOutcome>> answered = Uni.createFrom().deferred(() -> admitted(kind, sessionId, deviceId, submissions));
        // The broker's ack arrives on a producer thread and the ledger runs on a worker: answer back on the
        // request's own event-loop context, or the request context is gone when the answer is written (it
        // failed about one reading in 400 with ContextNotActiveException). A blocking caller just awaits.
        Context request = Vertx.currentContext();
        return request != null && Context.isOnEventLoopThread()
                ? answered.emitOn(task -> request.runOnContext(ignored -> task.run()))
                : answered;
    }

    /** The request, unless too many readings and check-ins already wait: then every item is UNAVAILABLE (503). */
    private Uni<List<SubmissionOutcome>> admitted(String kind, String sessionId, String deviceId, List<Submission> submissions) {
        int items = submissions.size();
        if (!admit(items)) {
            // Full (a broker outage holds each request up to the ack timeout): told to come back, nothing kept.
            meters.counter("vitals.ingest.shed", "kind", kind).increment(items);
            return Uni.createFrom().item(java.util.Collections.nCopies(items, SubmissionOutcome.unavailable(
                    "Too many readings and check-ins are waiting to be stored; send it again with the same id after Retry-After")));
        }
        Timer.Sample started = Timer.start(meters);
        // The request's trace, taken here on its own thread: the sends happen on the screen's.
        io.opentelemetry.context.Context trace = io.opentelemetry.context.Context.current();
        // The screen answers from its own thread, a group of waiting requests per database round trip, and the
        // request goes on there: send() never waits (max.block.ms=0; without metadata or buffer room it fails, 503).
        // (Handing each request to a worker thread here measured 1,077 single readings/s in the benchmark, against
        // 1,323-1,674/s without; the machine is noisy, but it was the lowest of the four runs.)
        return Uni.createFrom().completionStage(() -> screen.screen(sessionId, deviceId, submissions))
                // A database that does not answer decides nothing: every item is UNAVAILABLE (503, Retry-After).
                .onFailure(IngestAdmission.DatabaseUnavailable.class).recoverWithItem(() -> new IngestAdmission.Screened(
                        submissions, java.util.Collections.nCopies(submissions.size(), SubmissionOutcome.unavailable(
                                "Not stored right now (the database does not answer); send it again with the same id"))))
                .onFailure().invoke(refused -> count(kind, "rejected", "session", submissions.size()))
                .chain(screened -> publishUnsettled(sessionId, screened.submissions(), screened.outcomes(), trace)
                        .call(outcomes -> remember(sessionId, deviceId, screened.submissions(), outcomes)))
                .invoke(outcomes -> outcomes.forEach(o -> countOutcome(kind, o)))
                .eventually(() -> started.stop(ingestLatency.computeIfAbsent(kind, this::ingestLatency)))
                .eventually(() -> waiting.addAndGet(-items)); // answered, failed or the device went away
    }

    /** Counts the items in unless that would pass the bound (a request when nothing waits is always taken). */
    private boolean admit(int items) {
        int before;
        do {
            before = waiting.get();
            if (before > 0 && before + items > settings.maxWaiting()) {
                return false;
            }
        } while (!waiting.compareAndSet(before, before + items));
        return true;
    }

    private Uni<List<SubmissionOutcome>> publishUnsettled(String sessionId, List<Submission> submissions,
                                                          List<SubmissionOutcome> screened,
                                                          io.opentelemetry.context.Context trace) {
        List<Uni<SubmissionOutcome>> sends = new ArrayList<>(submissions.size());
        for (int i = 0; i < submissions.size(); i++) {
            SubmissionOutcome settled = screened.get(i);
            sends.add(settled != null ? Uni.createFrom().item(settled) : publish(sessionId, submissions.get(i), trace));
        }
        return Uni.join().all(sends).andFailFast();
    }

    private Uni<SubmissionOutcome> publish(String sessionId, Submission submission, io.opentelemetry.context.Context trace) {
        Timer.Sample sample = Timer.start(meters);
        return publisher.publish(sessionId, submission.event(), trace)
                .ifNoItem().after(settings.brokerAckTimeout()).fail()
                .map(ack -> {
                    sample.stop(brokerAck);
                    return SubmissionOutcome.accepted(submission.event().eventId());
                })
                .onFailure().recoverWithItem(failure -> SubmissionOutcome.unavailable(
                        "Not stored safely right now (broker " + (failure instanceof TimeoutException ? "timeout" : "refused")
                                + "); send it again with the same id"));
    }

    private Uni<Void> remember(String sessionId, String deviceId, List<Submission> submissions, List<SubmissionOutcome> outcomes) {
        List<Submission> acknowledged = new ArrayList<>();
        for (int i = 0; i < submissions.size(); i++) {
            if (outcomes.get(i).status() == SubmissionOutcome.Status.ACCEPTED) {
                acknowledged.add(submissions.get(i));
            }
        }
        if (acknowledged.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().completionStage(() -> ledger.record(sessionId, deviceId, acknowledged))
                // The broker has it and the device gets its 202: a ledger that cannot be written only means a
                // replay goes to the broker again under the same event id.
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    private void countOutcome(String kind, SubmissionOutcome outcome) {
        switch (outcome.status()) {
            case ACCEPTED -> meters.counter("vitals." + kind + ".accepted").increment();
            case REPLAYED -> meters.counter("vitals." + kind + ".replayed").increment();
            case REJECTED -> count(kind, "rejected", outcome.violations().isEmpty() ? "invalid"
                    : "invalid-" + outcome.violations().get(0).field(), 1);
            case CONFLICT -> count(kind, "rejected", "conflict", 1);
            case UNAVAILABLE -> count(kind, "rejected", "unavailable", 1); // the broker or the database: sent again
        }
    }

    private Timer ingestLatency(String kind) {
        return Timer.builder("vitals.ingest.latency")
                .description("Time to answer a device: screening, the broker's ack and the ledger")
                .tag("kind", kind).publishPercentiles(0.5, 0.99).register(meters);
    }

    private void count(String kind, String outcome, String reason, int n) {
        meters.counter("vitals." + kind + "." + outcome, "reason", reason).increment(n);
    }
}
