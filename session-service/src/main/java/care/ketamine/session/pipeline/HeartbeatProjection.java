package care.ketamine.session.pipeline;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.platform.ServiceHeartbeat;
import care.ketamine.platform.consumer.EventHandlers;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Takes every service's heartbeats from {@code platform.heartbeats} into {@link PipelineWatch}. The latest
 * heartbeat of an instance wins, so a repeat changes nothing that matters; a database outage is waited out and
 * an unreadable heartbeat parked ({@link EventHandlers}).
 */
@ApplicationScoped
public class HeartbeatProjection {

    private final PipelineWatch watch;
    private final EventHandlers handlers;

    public HeartbeatProjection(PipelineWatch watch, @Channel("heartbeats-dead-letters") MutinyEmitter<String> deadLetterTopic,
                               MeterRegistry meters) {
        this.watch = watch;
        this.handlers = EventHandlers.forConsumer("session-pipeline", deadLetterTopic, meters)
                .on(ServiceHeartbeat.TYPE, this::heard);
    }

    @Incoming("heartbeats")
    @Blocking
    public void onHeartbeat(ConsumerRecord<String, String> record) {
        handlers.handle(record);
    }

    private void heard(EventEnvelope<ServiceHeartbeat> event) {
        watch.heard(event.payload());
    }
}
