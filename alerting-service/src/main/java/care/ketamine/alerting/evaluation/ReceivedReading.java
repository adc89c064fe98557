package care.ketamine.alerting.evaluation;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.vitals.ReadingRecorded;

import java.time.Instant;

/** A reading as it came off the topic, with the broker's timestamp detection latency counts from. */
public record ReceivedReading(EventEnvelope<ReadingRecorded> event, Instant onBroker) {

    public ReadingRecorded reading() {
        return event.payload();
    }
}
