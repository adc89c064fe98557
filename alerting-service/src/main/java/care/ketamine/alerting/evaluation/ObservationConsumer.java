package care.ketamine.alerting.evaluation;

import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.vitals.ReadingRecorded;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Takes every observation from {@code vitals.observations} as it arrives. A record that is not
 * a readable event throws, and the connector parks it on the dead-letter topic with the reason.
 * Observation types the rules do not use yet (check-ins) are passed over.
 */
@ApplicationScoped
public class ObservationConsumer {

    private final ReadingEvaluation evaluation;

    public ObservationConsumer(ReadingEvaluation evaluation) {
        this.evaluation = evaluation;
    }

    @Incoming("observations")
    @Blocking
    public void onObservation(String record) {
        if (ReadingRecorded.TYPE.name().equals(EventJson.typeOf(record))) {
            evaluation.evaluate(EventJson.read(record, ReadingRecorded.TYPE));
        }
    }
}
