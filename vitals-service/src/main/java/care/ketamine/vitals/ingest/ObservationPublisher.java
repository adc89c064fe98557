package care.ketamine.vitals.ingest;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/** Puts observations on {@code vitals.observations}, keyed by session so they stay in order. */
@ApplicationScoped
public class ObservationPublisher {

    private final MutinyEmitter<String> observations;

    public ObservationPublisher(@Channel("observations")
                                @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
                                MutinyEmitter<String> observations) {
        this.observations = observations;
    }

    /** Completes when the broker has acknowledged the record (acks=all), fails when it refuses it. */
    public Uni<Void> publish(String sessionId, EventEnvelope<?> event) {
        Message<String> record = Message.of(EventJson.write(event))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(sessionId).build());
        return observations.sendMessage(record);
    }
}
