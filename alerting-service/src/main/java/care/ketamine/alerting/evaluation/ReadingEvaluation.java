package care.ketamine.alerting.evaluation;

import care.ketamine.alerting.alert.RaiseAlert;
import care.ketamine.alerting.domain.AlertRules;
import care.ketamine.alerting.domain.RuleOutcome;
import care.ketamine.alerting.domain.SessionWatch;
import care.ketamine.alerting.domain.VitalReading;
import care.ketamine.alerting.session.SessionWatches;
import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.vitals.ReadingRecorded;
import care.ketamine.platform.consumer.ProcessedEvents;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.faulttolerance.Retry;

import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Use case: one reading is evaluated against the rules with its session's thresholds, once per
 * event however often it is delivered. A condition raises or updates its alert; a rule that finds
 * its condition gone marks the alert cleared. The event id is recorded in the same transaction.
 */
@ApplicationScoped
public class ReadingEvaluation {

    private final AlertRules rules = AlertRules.standard();
    private final RaiseAlert raiseAlert;
    private final SessionWatches sessions;
    private final ProcessedEvents processed;
    private final Clock clock;
    private final EntityManager entityManager;
    private final Timer fromBroker;
    private final Timer fromMeasured;

    public ReadingEvaluation(RaiseAlert raiseAlert, SessionWatches sessions, ProcessedEvents processed, Clock clock,
                             EntityManager entityManager, MeterRegistry meters) {
        this.entityManager = entityManager;
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

    /** Transient database failures are retried; the partition waits rather than skipping a reading. */
    @Transactional
    @Retry(maxRetries = 10, delay = 500, delayUnit = ChronoUnit.MILLIS, jitter = 100)
    public void evaluate(EventEnvelope<ReadingRecorded> event, Instant onBroker) {
        if (!processed.firstDelivery(event.eventId())) {
            return;
        }
        ReadingRecorded r = event.payload();
        SessionWatch session = sessions.of(r.sessionId());
        sessions.readingSeen(r.sessionId(), r.measuredAt());
        boolean raised = false;
        java.util.Set<String> clear = new java.util.HashSet<>();
        for (RuleOutcome outcome : rules.evaluate(
                new VitalReading(r.sessionId(), r.systolic(), r.diastolic(), r.heartRate(), r.spo2(), r.measuredAt()), session)) {
            if (outcome.condition().isPresent()) {
                raiseAlert.raise(outcome.condition().get(), session);
                raised = true;
            } else {
                clear.add(outcome.rule());
            }
        }
        raiseAlert.clear(r.sessionId(), clear);
        if (!raised) {
            // Most readings find nothing. Their transaction need not wait for the WAL flush: if the database
            // crashed in the next few hundred milliseconds, what is lost (the processed mark, a cleared mark,
            // the device's last reading time) only errs to the safe side: a re-evaluation or a device-silence
            // warning. A reading that raised or updated an alert commits durably, as before.
            entityManager.createNativeQuery("SET LOCAL synchronous_commit = off").executeUpdate();
            return;
        }
        Instant now = clock.instant();
        fromBroker.record(nonNegative(Duration.between(onBroker, now)));
        fromMeasured.record(nonNegative(Duration.between(r.measuredAt(), now)));
    }

    private static Duration nonNegative(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }
}
