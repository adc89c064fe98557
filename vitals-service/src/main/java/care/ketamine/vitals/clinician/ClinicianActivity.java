package care.ketamine.vitals.clinician;

import care.ketamine.platform.security.ClinicianActivityTable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/** This service's {@code clinician_activity}, kept from {@code sessions.clinicians} by ClinicianActivityProjection. */
@ApplicationScoped
public class ClinicianActivity extends ClinicianActivityTable {

    @Inject
    public ClinicianActivity(EntityManager entityManager) {
        super(entityManager);
    }

    /** For the container's client proxy. */
    protected ClinicianActivity() {
    }
}
