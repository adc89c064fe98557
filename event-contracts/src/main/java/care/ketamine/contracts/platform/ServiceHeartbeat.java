package care.ketamine.contracts.platform;

import care.ketamine.contracts.EventType;

import java.time.Instant;

/**
 * A service is running and can reach the broker, on {@code platform.heartbeats} (key: the service's name),
 * every 5 seconds from each instance.
 *
 * @param service            the service's name, e.g. {@code alerting-service}
 * @param instance           which replica: its host name, or an id of its own when it has none
 * @param at                 when it was sent, on the sender's clock
 * @param consumerLagSeconds how far behind its input the service's main work is, when it measures that
 *                           (alerting: its evaluation of {@code vitals.observations}); null otherwise
 * @param webPushKey         alerting's Web Push application server key (VAPID public key, base64url) when it pages
 *                           browsers by Web Push, for the console's subscribe; null otherwise, and absent from
 *                           heartbeats sent before it was added
 */
public record ServiceHeartbeat(String service, String instance, Instant at, Double consumerLagSeconds, String webPushKey) {

    public ServiceHeartbeat(String service, String instance, Instant at, Double consumerLagSeconds) {
        this(service, instance, at, consumerLagSeconds, null);
    }

    public static final EventType<ServiceHeartbeat> TYPE = new EventType<>("service.heartbeat", 1, ServiceHeartbeat.class);
}
