package care.ketamine.session.clinician;

import care.ketamine.platform.security.DeactivatedAccounts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;

import java.util.List;
import java.util.Set;

/** The clinicians an admin deactivated: none of their tokens is accepted (service-platform's DeactivatedAccounts). */
@ApplicationScoped
public class DeactivatedClinicians implements DeactivatedAccounts.Source {

    private final EntityManager entityManager;
    private final DeactivatedAccounts accounts;

    public DeactivatedClinicians(EntityManager entityManager, DeactivatedAccounts accounts) {
        this.entityManager = entityManager;
        this.accounts = accounts;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Set<String> deactivated() {
        return Set.copyOf((List<String>) entityManager.createNativeQuery("SELECT id FROM clinician WHERE NOT active")
                .getResultList());
    }

    /** Effective on this replica when the change commits; on the others at their next reload. */
    void activityChanged(@Observes ClinicianActivityChanged change) {
        accounts.changed(change.clinicianId(), change.active());
    }
}
