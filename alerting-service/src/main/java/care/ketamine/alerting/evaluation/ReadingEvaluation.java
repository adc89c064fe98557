package care.ketamine.alerting.evaluation;

import care.ketamine.alerting.alert.RaiseAlert;
import care.ketamine.alerting.domain.AlertCondition;
import care.ketamine.alerting.domain.AlertRules;
import care.ketamine.alerting.domain.RecentReadings;
import care.ketamine.alerting.domain.RuleOutcome;
import care.ketamine.alerting.domain.SessionWatch;
import care.ketamine.alerting.domain.VitalReading;
import care.ketamine.alerting.session.SeenReading;
import care.ketamine.alerting.session.SessionWatches;
import care.ketamine.contracts.vitals.ReadingRecorded;
import care.ketamine.platform.consumer.ProcessedEvents;
import care.ketamine.platform.consumer.RetryingTransaction;
import care.ketamine.platform.time.ClinicalTime;
import care.ketamine.platform.tracing.Traces;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Use case: readings are evaluated against the rules with their session's thresholds, once per
 * event however often it is delivered, each in its device's stream with the session's recent readings
 * ({@link KeptReadings}). A condition raises or updates its alert; a rule that finds its condition gone
 * marks the alert cleared, unless the reading is older than one already judged on its stream (the
 * domain's {@link AlertRules} decides). The event ids and the kept readings are recorded in the same
 * transaction.
 *
 * <p>A poll's readings are evaluated together, in one transaction with one statement per step for
 * all of them (at a few thousand readings a second, one transaction per reading was the bound).
 * The outcome is the same as taking them one by one in order: each session's readings are judged in
 * order against its kept readings; a session whose readings found a condition has them applied one by
 * one; for the rest, which is nearly all, only clearing is left to do, and clearing does not depend on order.
 */
// Made at start, so that its meters are served at 0 before the first record (the dashboard and rules read them).
@Startup
@ApplicationScoped
public class ReadingEvaluation {

    private static final String SPAN = "evaluate reading";
    private final AlertRules rules = AlertRules.standard();
    private final RaiseAlert raiseAlert;
    private final SessionWatches sessions;
    private final ProcessedEvents processed;
    private final Clock clock;
    private final EntityManager entityManager;
    private final KeptReadings kept;
    private final Timer fromBroker;
    private final Timer fromMeasured;
    private final ClinicalTime clinicalTime;
    private final NotOkWithVitalSign notOkWithVitalSign;
    private final Traces spans;

    public ReadingEvaluation(RaiseAlert raiseAlert, SessionWatches sessions, ProcessedEvents processed, Clock clock,
                             EntityManager entityManager, KeptReadings kept, MeterRegistry meters, ClinicalTime clinicalTime,
                             NotOkWithVitalSign notOkWithVitalSign, Traces spans) {
        this.spans = spans;
        this.clinicalTime = clinicalTime;
        this.notOkWithVitalSign = notOkWithVitalSign;
        this.entityManager = entityManager;
        this.kept = kept;
        this.raiseAlert = raiseAlert;
        this.sessions = sessions;
        this.processed = processed;
        this.clock = clock;
        this.fromBroker = Timer.builder("alerts.detection.latency")
                .description("From the reading's broker timestamp (from=broker) or its measuredAt (from=measured) to its alert being stored")
                .tag("from", "broker").publishPercentiles(0.5, 0.99).publishPercentileHistogram().register(meters);
        this.fromMeasured = Timer.builder("alerts.detection.latency")
                .description("From the reading's broker timestamp (from=broker) or its measuredAt (from=measured) to its alert being stored")
                .tag("from", "measured").publishPercentiles(0.5, 0.99).publishPercentileHistogram().register(meters);
    }

    /**
     * One reading in its own transaction: the way back when a poll's readings cannot be evaluated
     * together, so that one bad reading is parked alone. A transient failure is tried again twice;
     * a database that is down is waited for by the consumer.
     */
    public void evaluate(ReceivedReading received) {
        RetryingTransaction.run(3, Duration.ofMillis(500), () -> spans.inSpan(SPAN, received.trace(), () -> {
            if (processed.firstDelivery(received.event().eventId())) {
                ReadingRecorded r = received.reading();
                SessionWatch session = sessions.of(r.sessionId());
                Map<String, RecentReadings> recent = kept.of(List.of(r.sessionId()));
                List<RuleOutcome> outcomes = outcomes(r, recent.get(r.sessionId()), session, clock.instant());
                sessions.readingsSeen(List.of(SeenReading.of(r, received.onBroker())));
                kept.keep(recent, Map.of(r.sessionId(), session));
                finish(apply(r, session, outcomes) ? List.of(received) : List.of());
            }
        }));
    }

    /** A poll's readings, in their order, in one transaction; tried again twice, then the failure is thrown. */
    public void evaluate(List<ReceivedReading> poll) {
        RetryingTransaction.run(3, Duration.ofMillis(200), () -> evaluateTogether(poll));
    }

    private void evaluateTogether(List<ReceivedReading> poll) {
        Set<UUID> first = processed.firstDeliveries(poll.stream().map(r -> r.event().eventId()).toList());
        Map<String, List<ReceivedReading>> bySession = new LinkedHashMap<>();
        for (ReceivedReading received : poll) {
            // remove(): a reading delivered twice in one poll counts once.
            if (first.remove(received.event().eventId())) {
                bySession.computeIfAbsent(received.reading().sessionId(), id -> new ArrayList<>()).add(received);
            }
        }
        Map<String, SessionWatch> watches = sessions.ofAll(bySession.keySet());
        Map<String, RecentReadings> recent = kept.of(bySession.keySet());
        Instant now = clock.instant();
        Map<String, Set<String>> clearOnly = new HashMap<>();
        List<SeenReading> seen = new ArrayList<>();
        List<ReceivedReading> raisedBy = new ArrayList<>();
        // Each reading is evaluated in a span of the trace it was sent in, so that the alert it raises and the
        // page that goes out (the notification row keeps the span) are in that trace too.
        List<Span> evaluating = new ArrayList<>();
        try {
            for (Map.Entry<String, List<ReceivedReading>> entry : bySession.entrySet()) {
                SessionWatch session = watches.get(entry.getKey());
                List<List<RuleOutcome>> found = new ArrayList<>();
                List<Span> sessionSpans = new ArrayList<>();
                boolean anyCondition = false;
                for (ReceivedReading received : entry.getValue()) {
                    Span span = spans.start(SPAN, received.trace());
                    evaluating.add(span);
                    sessionSpans.add(span);
                    List<RuleOutcome> outcomes;
                    try (Scope ignored = span.makeCurrent()) {
                        outcomes = outcomes(received.reading(), recent.get(entry.getKey()), session, now);
                    }
                    anyCondition |= outcomes.stream().anyMatch(o -> o.condition().isPresent());
                    found.add(outcomes);
                    seen.add(SeenReading.of(received.reading(), received.onBroker()));
                }
                if (anyCondition) {
                    for (int i = 0; i < found.size(); i++) {
                        try (Scope ignored = sessionSpans.get(i).makeCurrent()) {
                            if (apply(entry.getValue().get(i).reading(), session, found.get(i))) {
                                raisedBy.add(entry.getValue().get(i));
                            }
                        }
                    }
                } else {
                    Set<String> rulesClear = new HashSet<>();
                    found.forEach(outcomes -> outcomes.stream().filter(RuleOutcome::clears).forEach(o -> rulesClear.add(o.rule())));
                    clearOnly.put(entry.getKey(), rulesClear);
                }
            }
            raiseAlert.clear(clearOnly);
            sessions.readingsSeen(seen);
            kept.keep(recent, watches);
            finish(raisedBy);
        } catch (RuntimeException failed) {
            evaluating.forEach(span -> Traces.failed(span, failed));
            throw failed;
        } finally {
            evaluating.forEach(Span::end);
        }
    }

    /**
     * The rules judge on the clinical timeline (the identity unless clinical time is compressed for a
     * demonstration), so that how long a value must last and how late a reading is hold in clinical time.
     */
    private List<RuleOutcome> outcomes(ReadingRecorded r, RecentReadings recent, SessionWatch session, Instant now) {
        String kind = r.kindOrMonitor();
        // A stream is a device; a reading without a device id is its kind's one stream.
        String stream = r.deviceId() == null ? kind : r.deviceId();
        SessionWatch clinicalSession = clinicalTime.compressed() ? session.withDosedAt(clinicalTime.clinical(session.dosedAt())) : session;
        return rules.evaluate(new VitalReading(r.sessionId(), stream, kind, r.systolic(), r.diastolic(), r.heartRate(), r.spo2(),
                r.respiratoryRate(), clinicalTime.clinical(r.measuredAt())), recent, clinicalSession, clinicalTime.clinical(now))
                .stream().map(o -> o.condition().isPresent() && clinicalTime.compressed()
                        ? RuleOutcome.found(o.condition().get().withObservedAt(clinicalTime.real(o.condition().get().observedAt())))
                        : o)
                .toList();
    }

    /** Raises what the reading found and clears what it found clear; true when it raised or updated an alert. */
    private boolean apply(ReadingRecorded r, SessionWatch session, List<RuleOutcome> outcomes) {
        List<AlertCondition> raised = new ArrayList<>();
        Set<String> clear = new HashSet<>();
        for (RuleOutcome outcome : outcomes) {
            if (outcome.condition().isPresent()) {
                raiseAlert.raise(outcome.condition().get(), session);
                raised.add(outcome.condition().get());
            } else if (outcome.clears()) {
                clear.add(outcome.rule());
            }
        }
        raiseAlert.clear(r.sessionId(), clear);
        notOkWithVitalSign.afterRaising(raised, session);
        return !raised.isEmpty();
    }

    private void finish(List<ReceivedReading> raisedBy) {
        if (raisedBy.isEmpty()) {
            // Most readings find nothing. Their transaction need not wait for the WAL flush: if the database
            // crashed in the next few hundred milliseconds, what is lost (the processed marks, cleared marks,
            // the devices' last reading times) only errs to the safe side: a re-evaluation or a device-silence
            // warning. A transaction that raised or updated an alert commits durably.
            entityManager.createNativeQuery("SET LOCAL synchronous_commit = off").executeUpdate();
            return;
        }
        Instant now = clock.instant();
        for (ReceivedReading received : raisedBy) {
            fromBroker.record(nonNegative(Duration.between(received.onBroker(), now)));
            fromMeasured.record(nonNegative(Duration.between(received.reading().measuredAt(), now)));
        }
    }

    private static Duration nonNegative(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }
}
