package care.ketamine.alerting.evaluation;

import care.ketamine.platform.consumer.DeadLetters;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * Parks one observation record on {@code vitals.observations.dlq} with the reason ({@link DeadLetters}). Made at start,
 * so that its counter is served at 0 before the first record is parked (the RecordsParked rule reads it).
 */
@Startup
@ApplicationScoped
class ParkedObservations {

    private final DeadLetters deadLetters;

    ParkedObservations(@Channel("observations-dead-letters") MutinyEmitter<String> topic, MeterRegistry meters) {
        this.deadLetters = new DeadLetters(topic, meters.counter("alerts.observations.parked"));
    }

    void park(ConsumerRecord<String, String> record, Throwable reason) {
        deadLetters.park(record, "alerting-rules", reason);
    }
}
