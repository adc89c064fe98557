package care.ketamine.alerting.evaluation;

import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.MalformedEventException;
import care.ketamine.contracts.vitals.CheckInPrompted;
import care.ketamine.contracts.vitals.PatientCheckedIn;
import care.ketamine.contracts.vitals.ReadingRecorded;
import care.ketamine.contracts.vitals.SitterCheckedIn;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.Instant;

/**
 * Takes every observation from {@code vitals.observations} as it arrives, one at a time (an alert
 * must not wait in a batch). A record that is not a readable observation throws, and the connector
 * parks it on the dead-letter topic with the reason while the consumer goes on.
 */
@ApplicationScoped
public class ObservationConsumer {

    private final ReadingEvaluation readings;
    private final CheckInEvaluation checkIns;

    public ObservationConsumer(ReadingEvaluation readings, CheckInEvaluation checkIns) {
        this.readings = readings;
        this.checkIns = checkIns;
    }

    @Incoming("observations")
    @Blocking
    public void onObservation(ConsumerRecord<String, String> record) {
        String type = EventJson.typeOf(record.value());
        Instant onBroker = Instant.ofEpochMilli(record.timestamp());
        if (ReadingRecorded.TYPE.name().equals(type)) {
            readings.evaluate(EventJson.read(record.value(), ReadingRecorded.TYPE), onBroker);
        } else if (PatientCheckedIn.TYPE.name().equals(type)) {
            checkIns.patient(EventJson.read(record.value(), PatientCheckedIn.TYPE));
        } else if (SitterCheckedIn.TYPE.name().equals(type)) {
            checkIns.sitter(EventJson.read(record.value(), SitterCheckedIn.TYPE));
        } else if (CheckInPrompted.TYPE.name().equals(type)) {
            checkIns.prompted(EventJson.read(record.value(), CheckInPrompted.TYPE));
        } else {
            throw new MalformedEventException("not an observation event: " + type);
        }
    }
}
