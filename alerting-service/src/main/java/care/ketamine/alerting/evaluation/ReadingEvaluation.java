package care.ketamine.alerting.evaluation;

import care.ketamine.alerting.alert.RaiseAlert;
import care.ketamine.alerting.domain.AlertCondition;
import care.ketamine.alerting.domain.AlertRules;
import care.ketamine.alerting.domain.VitalReading;
import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.vitals.ReadingRecorded;
import care.ketamine.platform.consumer.ProcessedEvents;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.faulttolerance.Retry;

import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Use case: one reading is evaluated against the rules, once per event however often it is
 * delivered. The event id is recorded in the same transaction as the alerts it raised.
 */
@ApplicationScoped
public class ReadingEvaluation {

    private final AlertRules rules = AlertRules.standard();
    private final RaiseAlert raiseAlert;
    private final ProcessedEvents processed;
    private final Clock clock;
    private final Timer detection;

    public ReadingEvaluation(RaiseAlert raiseAlert, ProcessedEvents processed, Clock clock, MeterRegistry meters) {
        this.raiseAlert = raiseAlert;
        this.processed = processed;
        this.clock = clock;
        this.detection = Timer.builder("alerts.detection.latency")
                .description("From vitals-service receiving a reading to its alert being stored")
                .publishPercentiles(0.5, 0.99)
                .register(meters);
    }

    /** Transient database failures are retried; the partition waits rather than skipping a reading. */
    @Transactional
    @Retry(maxRetries = 10, delay = 500, delayUnit = ChronoUnit.MILLIS, jitter = 100)
    public void evaluate(EventEnvelope<ReadingRecorded> event) {
        if (!processed.firstDelivery(event.eventId())) {
            return;
        }
        ReadingRecorded r = event.payload();
        List<AlertCondition> conditions = rules.evaluate(
                new VitalReading(r.sessionId(), r.systolic(), r.diastolic(), r.heartRate(), r.spo2(), r.measuredAt()));
        for (AlertCondition condition : conditions) {
            raiseAlert.raise(condition);
        }
        if (!conditions.isEmpty()) {
            Duration sinceReceived = Duration.between(r.receivedAt(), clock.instant());
            detection.record(sinceReceived.isNegative() ? Duration.ZERO : sinceReceived);
        }
    }

}
