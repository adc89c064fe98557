package care.ketamine.alerting.evaluation;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.MalformedEventException;
import care.ketamine.contracts.vitals.CheckInPrompted;
import care.ketamine.contracts.vitals.HelpRequested;
import care.ketamine.contracts.vitals.PatientCheckedIn;
import care.ketamine.contracts.vitals.ReadingRecorded;
import care.ketamine.contracts.vitals.SitterCheckedIn;
import care.ketamine.contracts.vitals.SitterPresenceChanged;
import care.ketamine.platform.consumer.RetryingTransaction;
import care.ketamine.platform.tracing.TraceContext;
import care.ketamine.platform.tracing.Traces;
import io.quarkus.logging.Log;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Takes what {@code vitals.observations} has each poll, as soon as it is there (nothing waits to fill a
 * batch: at a few readings a second a poll holds one). Readings are evaluated together, in order;
 * a check-in, a help request, a sitter's presence or a prompt is applied alone at its place in the order. A record that is not a readable
 * observation is parked on the dead-letter topic with the reason, and the rest go on. When a batch
 * of readings cannot be evaluated, each is tried alone, and only one that still fails is parked.
 *
 * <p>Nothing is parked for a database outage (a parked reading would be an alert never raised):
 * the evaluation waits for the database, however long ({@link RetryingTransaction}); should the service
 * stop during it, the failure fails the channel before the offset is
 * committed, and the record is taken again at the next start.
 */
@ApplicationScoped
public class ObservationConsumer {

    private final ReadingEvaluation readings;
    private final CheckInEvaluation checkIns;
    private final ParkedObservations parked;
    private final EvaluationLag lag;
    private final Traces spans;

    public ObservationConsumer(ReadingEvaluation readings, CheckInEvaluation checkIns, ParkedObservations parked,
                               EvaluationLag lag, Traces spans) {
        this.spans = spans;
        this.readings = readings;
        this.checkIns = checkIns;
        this.parked = parked;
        this.lag = lag;
    }

    @Incoming("observations")
    @Blocking
    public void onObservations(ConsumerRecords<String, String> poll) {
        EvaluationLag.Poll taken = lag.polled(poll);
        try {
            evaluatePoll(poll);
        } finally {
            lag.evaluated(taken);
        }
    }

    private void evaluatePoll(ConsumerRecords<String, String> poll) {
        List<ConsumerRecord<String, String>> pendingRecords = new ArrayList<>();
        List<ReceivedReading> pending = new ArrayList<>();
        for (ConsumerRecord<String, String> record : poll) {
            String type;
            try {
                type = EventJson.typeOf(record.value());
                if (ReadingRecorded.TYPE.name().equals(type)) {
                    pending.add(reading(record));
                    pendingRecords.add(record);
                    continue;
                }
            } catch (RuntimeException unreadable) {
                parked.park(record, unreadable);
                continue;
            }
            evaluate(pendingRecords, pending);
            applyOrPark(record, () -> spans.inSpan("evaluate " + type, TraceContext.from(record.headers()), () -> {
                if (PatientCheckedIn.TYPE.name().equals(type)) {
                    checkIns.patient(EventJson.read(record.value(), PatientCheckedIn.TYPE));
                } else if (SitterCheckedIn.TYPE.name().equals(type)) {
                    checkIns.sitter(EventJson.read(record.value(), SitterCheckedIn.TYPE));
                } else if (HelpRequested.TYPE.name().equals(type)) {
                    checkIns.help(EventJson.read(record.value(), HelpRequested.TYPE));
                } else if (SitterPresenceChanged.TYPE.name().equals(type)) {
                    checkIns.sitterPresence(EventJson.read(record.value(), SitterPresenceChanged.TYPE));
                } else if (CheckInPrompted.TYPE.name().equals(type)) {
                    checkIns.prompted(EventJson.read(record.value(), CheckInPrompted.TYPE));
                } else {
                    throw new MalformedEventException("not an observation event: " + EventJson.shownType(type));
                }
            }));
        }
        evaluate(pendingRecords, pending);
    }

    private static ReceivedReading reading(ConsumerRecord<String, String> record) {
        EventEnvelope<ReadingRecorded> event = EventJson.read(record.value(), ReadingRecorded.TYPE);
        ReadingRecorded r = event.payload();
        if (r.sessionId() == null || r.measuredAt() == null) {
            throw new MalformedEventException("reading.recorded without a sessionId or a measuredAt");
        }
        return new ReceivedReading(event, Instant.ofEpochMilli(record.timestamp()), TraceContext.from(record.headers()));
    }

    /** The readings waiting, together; when that fails, one by one. Empties the lists. */
    private void evaluate(List<ConsumerRecord<String, String>> records, List<ReceivedReading> pending) {
        if (pending.isEmpty()) {
            return;
        }
        try {
            readings.evaluate(List.copyOf(pending));
        } catch (RuntimeException batchFailed) {
            Log.warnf(batchFailed, "%d readings could not be evaluated together; evaluating each alone", pending.size());
            for (int i = 0; i < pending.size(); i++) {
                ReceivedReading alone = pending.get(i);
                applyOrPark(records.get(i), () -> readings.evaluate(alone));
            }
        }
        records.clear();
        pending.clear();
    }

    /** Applies one record; parks it when it fails, unless that is not the record's fault (the database, a stop). */
    private void applyOrPark(ConsumerRecord<String, String> record, Runnable apply) {
        try {
            apply.run();
        } catch (RuntimeException failed) {
            if (RetryingTransaction.notTheRecordsFault(failed)) {
                throw failed;
            }
            parked.park(record, failed);
        }
    }
}
