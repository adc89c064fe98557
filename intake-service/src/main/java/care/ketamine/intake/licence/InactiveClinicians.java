package care.ketamine.intake.licence;

import care.ketamine.platform.security.DeactivatedAccounts;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Set;

/** Clinicians session-service deactivated, as this service's licence table knows them: their tokens are refused. */
@ApplicationScoped
public class InactiveClinicians implements DeactivatedAccounts.Source {

    @Override
    public Set<String> deactivated() {
        return Set.copyOf(ClinicianLicence.getEntityManager()
                .createQuery("SELECT c.clinicianId FROM ClinicianLicence c WHERE NOT c.active", String.class)
                .getResultList());
    }
}
