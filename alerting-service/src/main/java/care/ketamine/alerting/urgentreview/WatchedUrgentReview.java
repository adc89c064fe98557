package care.ketamine.alerting.urgentreview;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** An urgent-review task of intake's, as far as escalation needs it. */
@Entity
@Table(name = "urgent_review_watch")
public class WatchedUrgentReview extends PanacheEntityBase {

    @Id
    @Column(name = "task_id")
    public String taskId;
    @Column(name = "patient_id")
    public String patientId;
    public String urgency;
    @Column(name = "due_at")
    public Instant dueAt;
    @Column(name = "taken_by")
    public String takenBy;
    @Column(name = "taken_at")
    public Instant takenAt;
    @Column(name = "closed_at")
    public Instant closedAt;
    /** When urgent-review-overdue was raised for it; it is raised once. */
    @Column(name = "alerted_at")
    public Instant alertedAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
