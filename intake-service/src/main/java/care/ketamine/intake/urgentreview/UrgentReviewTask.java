package care.ketamine.intake.urgentreview;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A screening's urgent review: open until a licensed clinician takes it and closes it with an outcome. */
@Entity
@Table(name = "urgent_review")
public class UrgentReviewTask extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "patient_id")
    public UUID patientId;
    @Column(name = "screening_id")
    public UUID screeningId;
    public String urgency;
    /** The eligibility reasons' codes that opened it. */
    public String[] reasons;
    @Column(name = "opened_at")
    public Instant openedAt;
    @Column(name = "due_at")
    public Instant dueAt;
    @Column(name = "taken_by")
    public String takenBy;
    @Column(name = "taken_at")
    public Instant takenAt;
    @Column(name = "closed_by")
    public String closedBy;
    @Column(name = "closed_at")
    public Instant closedAt;
    public String outcome;
}
