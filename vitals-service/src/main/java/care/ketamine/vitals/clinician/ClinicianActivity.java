package care.ketamine.vitals.clinician;

import care.ketamine.contracts.sessions.ClinicianUpdated;
import care.ketamine.platform.security.DeactivatedAccounts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

/**
 * Whether each clinician practises, kept from {@code sessions.clinicians} in {@code clinician_activity}: the
 * record of who is deactivated that service-platform's DeactivatedAccounts refuses tokens from.
 */
@ApplicationScoped
public class ClinicianActivity implements DeactivatedAccounts.Source {

    private final EntityManager entityManager;

    public ClinicianActivity(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /**
     * Records the clinician's activity unless a change as new or newer is recorded already (a replay, or an
     * older event arriving late); true when it was recorded.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean record(ClinicianUpdated clinician) {
        return entityManager.createNativeQuery("""
                        INSERT INTO clinician_activity (clinician_id, active, updated_at) VALUES (?1, ?2, ?3)
                        ON CONFLICT (clinician_id) DO UPDATE SET active = excluded.active, updated_at = excluded.updated_at
                        WHERE clinician_activity.updated_at < excluded.updated_at""")
                .setParameter(1, clinician.clinicianId())
                .setParameter(2, clinician.active())
                .setParameter(3, OffsetDateTime.ofInstant(clinician.updatedAt(), ZoneOffset.UTC))
                .executeUpdate() == 1;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Set<String> deactivated() {
        return Set.copyOf((List<String>) entityManager.createNativeQuery(
                "SELECT clinician_id FROM clinician_activity WHERE NOT active").getResultList());
    }
}
