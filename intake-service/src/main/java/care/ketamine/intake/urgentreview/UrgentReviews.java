package care.ketamine.intake.urgentreview;

import care.ketamine.intake.audit.AuditTrail;
import care.ketamine.intake.licence.ClinicianLicence;
import care.ketamine.intake.patient.Patient;
import care.ketamine.intake.patient.PatientRepository;
import care.ketamine.platform.problem.Problem;
import care.ketamine.platform.problem.ProblemException;
import care.ketamine.platform.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;

import java.util.UUID;

/** The tasks and their patients, as the urgent-review use cases find them. */
@ApplicationScoped
class UrgentReviews {

    private final PatientRepository patients;
    private final AuditTrail audit;

    UrgentReviews(PatientRepository patients, AuditTrail audit) {
        this.patients = patients;
        this.audit = audit;
    }

    UrgentReviewTask require(String id) {
        UrgentReviewTask task = UrgentReviewTask.findById(ProblemException.uuidOrNotFound("Urgent review", id));
        if (task == null) {
            throw ProblemException.notFound("Urgent review " + id);
        }
        return task;
    }

    Patient patientOf(UrgentReviewTask task) {
        return patients.require(task.patientId);
    }

    /** The caller's licence, or a 403 (audited) when none is on record. */
    @Transactional(Transactional.TxType.MANDATORY)
    ClinicianLicence licenceOf(Caller caller, String action, UUID patientId) {
        ClinicianLicence licence = ClinicianLicence.findById(caller.subject());
        if (licence == null) {
            throw refuse(caller, action, patientId, "no licence is on record for this clinician");
        }
        return licence;
    }

    /** A 403 to throw, its refusal audited already (in a transaction of its own: the request's rolls back). */
    ProblemException refuse(Caller caller, String action, UUID patientId, String reason) {
        audit.denied(caller, action, patientId);
        return new ProblemException(Problem.of(Response.Status.FORBIDDEN, "Not allowed: " + reason));
    }
}
