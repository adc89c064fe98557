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
import java.util.List;
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

    /**
     * Puts the clinician on the patient's evaluation unless another clinician holds it. Returns the
     * clinician who holds it instead, or null when the caller does (now or already). Concurrent
     * take-ons of one patient queue on the patient's row, so only one of two can win.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public String takeOnEvaluation(UUID patientId, String clinicianId) {
        lockPatient(patientId);
        @SuppressWarnings("unchecked")
        List<String> holders = entityManager.createNativeQuery(
                        "SELECT clinician_id FROM evaluating_clinician WHERE patient_id = ?1 ORDER BY since")
                .setParameter(1, patientId).getResultList();
        if (!holders.isEmpty() && !holders.contains(clinicianId)) {
            return holders.get(0);
        }
        addEvaluatingClinician(patientId, clinicianId);
        return null;
    }

    /** An admin hands the evaluation to another clinician; whoever held it leaves that place on the care team. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void reassignEvaluation(UUID patientId, String clinicianId) {
        lockPatient(patientId);
        entityManager.createNativeQuery("DELETE FROM evaluating_clinician WHERE patient_id = ?1")
                .setParameter(1, patientId).executeUpdate();
        addEvaluatingClinician(patientId, clinicianId);
    }

    private void lockPatient(UUID patientId) {
        entityManager.createNativeQuery("SELECT 1 FROM patient WHERE id = ?1 FOR UPDATE")
                .setParameter(1, patientId).getResultList();
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
