package care.ketamine.alerting.evaluation;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.vitals.ReadingRecorded;
import io.opentelemetry.context.Context;

import java.time.Instant;

/**
 * A reading as it came off the topic, with the broker's timestamp detection latency counts from, and the trace it
 * was sent in (the device's request; the root context when it carried none).
 */
public record ReceivedReading(EventEnvelope<ReadingRecorded> event, Instant onBroker, Context trace) {

    public ReadingRecorded reading() {
        return event.payload();
    }
}
