package care.ketamine.intake.patient;

import care.ketamine.platform.problem.ProblemException;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class PatientRepository implements PanacheRepositoryBase<Patient, UUID> {

    public Optional<Patient> findByIdentity(String identityKey) {
        return find("identityKey", identityKey).firstResultOptional();
    }

    /** The patient, or a 404 problem naming what was not found. */
    public Patient require(UUID id) {
        return findByIdOptional(id).orElseThrow(() -> ProblemException.notFound("Patient " + id));
    }
}
