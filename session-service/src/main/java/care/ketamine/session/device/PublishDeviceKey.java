package care.ketamine.session.device;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.sessions.DeviceKeyPublished;
import care.ketamine.platform.outbox.Outbox;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;

/**
 * At every start, publishes the device-signing key's public part on {@code sessions.device-keys}
 * through the outbox, and records it in {@code device_signing_key} (which keys signed device
 * tokens, first and last started with). Publishing again at each start is harmless (vitals keeps
 * keys by kid) and heals a record lost to the topic's retention. Runs after {@code TrustedKeys}'
 * check, so that a service without its keys says that first.
 */
@ApplicationScoped
public class PublishDeviceKey {

    private static final Logger LOG = Logger.getLogger(PublishDeviceKey.class);

    private final DeviceSigningKey key;
    private final Outbox outbox;
    private final EntityManager entityManager;
    private final Clock clock;

    public PublishDeviceKey(DeviceSigningKey key, Outbox outbox, EntityManager entityManager, Clock clock) {
        this.key = key;
        this.outbox = outbox;
        this.entityManager = entityManager;
        this.clock = clock;
    }

    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION + 1000) StartupEvent started) {
        QuarkusTransaction.requiringNew().run(this::publish);
        LOG.infof("Device tokens are signed with key %s, published on %s", key.kid(), Topics.SESSIONS_DEVICE_KEYS);
    }

    private void publish() {
        Instant now = clock.instant();
        DeviceKeyPublished jwk = key.published(now);
        entityManager.createNativeQuery("""
                        INSERT INTO device_signing_key (kid, jwk, first_published_at, last_published_at) VALUES (?1, ?2, ?3, ?3)
                        ON CONFLICT (kid) DO UPDATE SET last_published_at = excluded.last_published_at""")
                .setParameter(1, jwk.kid()).setParameter(2, jwk.jwk())
                .setParameter(3, now).executeUpdate();
        outbox.append(Topics.SESSIONS_DEVICE_KEYS, EventEnvelope.wrap(DeviceKeyPublished.TYPE, jwk.kid(), jwk, clock));
    }
}
