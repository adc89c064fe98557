package care.ketamine.platform.security;

import care.ketamine.contracts.sessions.ClinicianUpdated;
import jakarta.persistence.EntityManager;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

/**
 * Whether each clinician practises, as a service that does not own clinicians keeps it from
 * {@code sessions.clinicians} in its own {@code clinician_activity (clinician_id, active, updated_at)}
 * table: the record of who is deactivated that {@link DeactivatedAccounts} refuses tokens from. A
 * service's bean extends it (the table is that service's, created by its own migration).
 */
public abstract class ClinicianActivityTable implements DeactivatedAccounts.Source {

    private final EntityManager entityManager;

    protected ClinicianActivityTable(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** For the container's client proxy of a subclass bean only. */
    protected ClinicianActivityTable() {
        this(null);
    }

    /**
     * Records the clinician's activity, in the caller's transaction, unless a change as new or newer is
     * recorded already (a replay, or an older event arriving late); true when it was recorded.
     */
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
