package care.ketamine.vitals.devicekey;

import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.sessions.DeviceKeyPublished;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Learns session-service's device-signing keys from {@code sessions.device-keys}. Every replica
 * reads the whole topic with a consumer group of its own, since each verifies tokens from memory.
 * A key that is not an RS256 signing key under its own thumbprint goes to the dead-letter topic.
 */
@ApplicationScoped
public class DeviceKeyProjection {

    private final DeviceKeys keys;

    public DeviceKeyProjection(DeviceKeys keys) {
        this.keys = keys;
    }

    @Incoming("device-keys")
    @Blocking
    @Transactional
    public void onDeviceKeyPublished(String record) {
        keys.trust(EventJson.read(record, DeviceKeyPublished.TYPE).payload());
    }
}
