package care.ketamine.session.pipeline;

import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.platform.ServiceHeartbeat;
import care.ketamine.platform.consumer.TransactionAttempts;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.Duration;

/**
 * Takes every service's heartbeats from {@code platform.heartbeats} into {@link PipelineWatch}. The latest
 * heartbeat of an instance wins, so a repeat changes nothing that matters; an unreadable one is parked
 * on the dead-letter topic by the connector.
 */
@ApplicationScoped
public class HeartbeatProjection {

    private final PipelineWatch watch;

    public HeartbeatProjection(PipelineWatch watch) {
        this.watch = watch;
    }

    @Incoming("heartbeats")
    @Blocking
    public void onHeartbeat(String record) {
        ServiceHeartbeat beat = EventJson.read(record, ServiceHeartbeat.TYPE).payload();
        TransactionAttempts.run(3, Duration.ofMillis(500), () -> watch.heard(beat));
    }
}
