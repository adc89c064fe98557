package care.ketamine.intake.care;

import care.ketamine.intake.audit.AuditTrail;
import care.ketamine.intake.domain.CareAccess;
import care.ketamine.platform.problem.Problem;
import care.ketamine.platform.problem.ProblemException;
import care.ketamine.platform.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;

import java.time.Clock;
import java.util.UUID;

/**
 * A patient's care team: the clinicians who took on the evaluation and those scheduled with the
 * patient (projected from sessions.lifecycle). Refusals are 403 and audited.
 */
@ApplicationScoped
public class CareTeam {

    private final EntityManager entityManager;
    private final AuditTrail audit;
    private final Clock clock;

    public CareTeam(EntityManager entityManager, AuditTrail audit, Clock clock) {
        this.entityManager = entityManager;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Lets the caller see this part of the patient's record, or refuses with a 403 that is audited
     * (the audit row is written even though the request's transaction rolls back).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void requireAccess(Caller caller, UUID patientId, CareAccess.Part part, String action) {
        boolean inTeam = "clinician".equals(caller.role()) && includes(caller.subject(), patientId);
        CareAccess.refusal(caller.role(), inTeam, part).ifPresent(reason -> {
            audit.denied(caller, action, patientId);
            throw new ProblemException(Problem.of(Response.Status.FORBIDDEN, "Not allowed: " + reason));
        });
    }

    /** The clinician took on the patient's evaluation; from now on they are on the care team. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void addEvaluatingClinician(UUID patientId, String clinicianId) {
        entityManager.createNativeQuery("""
                        INSERT INTO evaluating_clinician (patient_id, clinician_id, since) VALUES (?1, ?2, ?3)
                        ON CONFLICT DO NOTHING""")
                .setParameter(1, patientId).setParameter(2, clinicianId).setParameter(3, clock.instant()).executeUpdate();
    }

    boolean includes(String clinicianId, UUID patientId) {
        // A cancelled session never happened: it puts no one on the care team.
        return !entityManager.createNativeQuery("""
                        SELECT 1 FROM evaluating_clinician WHERE patient_id = ?1 AND clinician_id = ?2
                        UNION ALL
                        SELECT 1 FROM scheduled_session WHERE patient_id = ?1 AND clinician_id = ?2 AND state <> 'CANCELLED'
                        LIMIT 1""")
                .setParameter(1, patientId).setParameter(2, clinicianId).getResultList().isEmpty();
    }
}
