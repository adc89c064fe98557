package care.ketamine.intake.urgentreview;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.intake.UrgentReviewClosed;
import care.ketamine.contracts.security.Roles;
import care.ketamine.intake.audit.AuditTrail;
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

/**
 * Use case: the clinician who took an urgent review (or an admin) closes it with the outcome. A task
 * nobody took cannot be closed: that would silence its escalation without anyone having reviewed it.
 */
@ApplicationScoped
public class CloseUrgentReview {

    static final String ACTION = "urgent-review.close";

    private final UrgentReviews reviews;
    private final AuditTrail audit;
    private final Outbox outbox;
    private final EntityManager entityManager;
    private final Clock clock;

    public CloseUrgentReview(UrgentReviews reviews, AuditTrail audit, Outbox outbox, EntityManager entityManager, Clock clock) {
        this.reviews = reviews;
        this.audit = audit;
        this.outbox = outbox;
        this.entityManager = entityManager;
        this.clock = clock;
    }

    @Transactional
    public UrgentReviewView close(String id, CloseRequest request, Caller caller) {
        String outcome = request.outcome().strip();
        UrgentReviewTask task = reviews.require(id);
        Patient patient = reviews.patientOf(task);
        if (task.takenBy == null) {
            throw new ProblemException(Response.Status.CONFLICT, "Nobody has taken this urgent review yet: a licensed "
                    + "clinician takes it before it is closed");
        }
        if (!Roles.ADMIN.equals(caller.role()) && !caller.subject().equals(task.takenBy)) {
            throw reviews.refuse(caller, ACTION, task.patientId, "only " + task.takenBy + ", who took it, or an admin may close it");
        }
        Instant now = clock.instant();
        int closed = entityManager.createNativeQuery("""
                        UPDATE urgent_review SET closed_by = ?1, closed_at = ?2, outcome = ?3
                        WHERE id = ?4 AND closed_at IS NULL""")
                .setParameter(1, caller.subject()).setParameter(2, now).setParameter(3, outcome).setParameter(4, task.id)
                .executeUpdate();
        entityManager.refresh(task);
        if (closed == 0) {
            throw new ProblemException(Response.Status.CONFLICT, "This urgent review was already closed by " + task.closedBy
                    + " at " + task.closedAt);
        }
        outbox.append(Topics.INTAKE_PATIENTS, EventEnvelope.wrap(UrgentReviewClosed.TYPE, task.patientId.toString(),
                new UrgentReviewClosed(task.id.toString(), task.patientId.toString(), task.closedBy, task.closedAt), clock));
        audit.read(caller, ACTION, task.patientId);
        return UrgentReviewView.of(task, patient, now);
    }
}
