package care.ketamine.vitals.devicekey;

import care.ketamine.contracts.sessions.DeviceKeyPublished;
import care.ketamine.platform.consumer.EventHandlers;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Learns session-service's device-signing keys from {@code sessions.device-keys}. Every replica
 * reads the whole topic with a consumer group of its own, since each verifies tokens from memory.
 * A key that is not an RS256 signing key under its own thumbprint goes to the dead-letter topic;
 * a database outage is waited out ({@link EventHandlers}).
 */
@ApplicationScoped
public class DeviceKeyProjection {

    private final EventHandlers handlers;

    public DeviceKeyProjection(DeviceKeys keys,
                               @Channel("device-keys-dead-letters") MutinyEmitter<String> deadLetterTopic, MeterRegistry meters) {
        this.handlers = EventHandlers.forConsumer("vitals-device-keys", deadLetterTopic, meters)
                .on(DeviceKeyPublished.TYPE, event -> keys.trust(event.payload()));
    }

    @Incoming("device-keys")
    @Blocking
    public void onDeviceKeyPublished(ConsumerRecord<String, String> record) {
        handlers.handle(record);
    }
}
