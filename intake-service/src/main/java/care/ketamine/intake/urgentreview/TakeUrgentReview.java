package care.ketamine.intake.urgentreview;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.intake.UrgentReviewTaken;
import care.ketamine.intake.audit.AuditTrail;
import care.ketamine.intake.domain.UrgentReview;
import care.ketamine.intake.licence.ClinicianLicence;
import care.ketamine.intake.patient.Patient;
import care.ketamine.platform.outbox.Outbox;
import care.ketamine.platform.problem.ProblemException;
import care.ketamine.platform.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Use case: a clinician licensed in the patient's state takes an urgent-review task; it is theirs
 * from now on. One taker: the update holds only while nobody has it, so of two clinicians at the
 * same moment one gets it and the other a 409 naming who has it.
 */
@ApplicationScoped
public class TakeUrgentReview {

    static final String ACTION = "urgent-review.take";

    private final UrgentReviews reviews;
    private final AuditTrail audit;
    private final Outbox outbox;
    private final EntityManager entityManager;
    private final Clock clock;

    public TakeUrgentReview(UrgentReviews reviews, AuditTrail audit, Outbox outbox, EntityManager entityManager, Clock clock) {
        this.reviews = reviews;
        this.audit = audit;
        this.outbox = outbox;
        this.entityManager = entityManager;
        this.clock = clock;
    }

    @Transactional
    public UrgentReviewView take(String id, Caller caller) {
        UrgentReviewTask task = reviews.require(id);
        Patient patient = reviews.patientOf(task);
        ClinicianLicence licence = ClinicianLicence.findById(caller.subject());
        List<String> refusals = UrgentReview.refusalsToTake(licence == null ? null : licence.toLicence(), patient.usState);
        if (!refusals.isEmpty()) {
            throw reviews.refuse(caller, ACTION, task.patientId, String.join("; ", refusals));
        }
        if (task.closedAt != null) {
            throw new ProblemException(Response.Status.CONFLICT, "This urgent review was closed by " + task.closedBy
                    + " at " + task.closedAt);
        }
        Instant now = clock.instant();
        int taken = entityManager.createNativeQuery("""
                        UPDATE urgent_review SET taken_by = ?1, taken_at = ?2
                        WHERE id = ?3 AND taken_by IS NULL AND closed_at IS NULL""")
                .setParameter(1, caller.subject()).setParameter(2, now).setParameter(3, task.id).executeUpdate();
        entityManager.refresh(task);
        if (taken == 0) {
            throw new ProblemException(Response.Status.CONFLICT, "This urgent review was already taken by " + task.takenBy
                    + " at " + task.takenAt);
        }
        outbox.append(Topics.INTAKE_PATIENTS, EventEnvelope.wrap(UrgentReviewTaken.TYPE, task.patientId.toString(),
                new UrgentReviewTaken(task.id.toString(), task.patientId.toString(), task.takenBy, task.takenAt), clock));
        audit.read(caller, ACTION, task.patientId);
        return UrgentReviewView.of(task, patient, now);
    }
}
