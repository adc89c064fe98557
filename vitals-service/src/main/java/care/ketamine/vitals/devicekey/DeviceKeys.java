package care.ketamine.vitals.devicekey;

import care.ketamine.contracts.sessions.DeviceKeyPublished;
import care.ketamine.platform.security.SigningKeys;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

import java.security.PublicKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The keys session-service signs device tokens with, by kid: loaded from {@code device_key} at
 * start and added to live by {@link DeviceKeyProjection}, so a new key (session-service restarted
 * with another one) is trusted without a restart of vitals. Older keys stay known, so tokens they
 * signed keep working until they expire. A token naming one of these kids is verified with that
 * key alone ({@code VerifiedTokens}).
 */
@ApplicationScoped
public class DeviceKeys implements SigningKeys {

    private static final Logger LOG = Logger.getLogger(DeviceKeys.class);

    private final EntityManager entityManager;
    private final Map<String, PublicKey> byKid = new ConcurrentHashMap<>();

    public DeviceKeys(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    @Override
    public Optional<PublicKey> key(String kid) {
        return Optional.ofNullable(byKid.get(kid));
    }

    void load(@Observes StartupEvent started) {
        List<?> rows = QuarkusTransaction.requiringNew().call(() ->
                entityManager.createNativeQuery("SELECT kid, n, e FROM device_key").getResultList());
        for (Object row : rows) {
            Object[] columns = (Object[]) row;
            DeviceKeyPublished jwk = new DeviceKeyPublished((String) columns[0], "RSA", "RS256", "sig",
                    (String) columns[1], (String) columns[2], Instant.EPOCH);
            byKid.putIfAbsent(jwk.kid(), jwk.publicKey());
        }
        LOG.infof("%d device-signing keys known", byKid.size());
    }

    /**
     * Trusts the key from now on, after checking it is an RS256 signing key whose kid is its
     * thumbprint (so one kid never names two keys); refuses it with IllegalArgumentException otherwise.
     * The caller stores it in its transaction.
     */
    void trust(DeviceKeyPublished jwk) {
        PublicKey key = jwk.publicKey();
        entityManager.createNativeQuery("""
                        INSERT INTO device_key (kid, n, e, published_at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (kid) DO NOTHING""")
                .setParameter(1, jwk.kid()).setParameter(2, jwk.n()).setParameter(3, jwk.e()).setParameter(4, jwk.publishedAt())
                .executeUpdate();
        if (byKid.putIfAbsent(jwk.kid(), key) == null) {
            LOG.infof("Device tokens signed with key %s are now trusted", jwk.kid());
        }
    }
}
