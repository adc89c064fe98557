package care.ketamine.intake.screening;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.UUID;

/** A screening as recorded, with the totals and the decision the service computed at the time. */
@Entity
@Table(name = "screening")
public class ScreeningRecord extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "patient_id")
    public UUID patientId;
    @Column(name = "screened_at")
    public Instant screenedAt;
    @Column(name = "screened_by")
    public String screenedBy;
    @Column(name = "phq9_answers")
    public Integer[] phq9Answers;
    @Column(name = "gad7_answers")
    public Integer[] gad7Answers;
    @Column(name = "phq9_total")
    public int phq9Total;
    @Column(name = "phq9_band")
    public String phq9Band;
    @Column(name = "gad7_total")
    public int gad7Total;
    @Column(name = "gad7_band")
    public String gad7Band;
    @Column(name = "self_harm_follow_up")
    public boolean selfHarmFollowUp;
    @Column(name = "major_depressive_disorder")
    public boolean majorDepressiveDisorder;
    @Column(name = "failed_trials")
    public int failedTrials;
    @Column(name = "acute_suicidal_ideation")
    public boolean acuteSuicidalIdeation;
    @Column(name = "recent_attempt_or_intent")
    public boolean recentAttemptOrIntent;
    public String[] contraindications;
    public String[] medications;
    @Column(name = "baseline_systolic")
    public int baselineSystolic;
    @Column(name = "baseline_diastolic")
    public int baselineDiastolic;
    @Column(name = "baseline_heart_rate")
    public int baselineHeartRate;
    public String eligibility;
    @Column(name = "urgent_review")
    public boolean urgentReview;
    /** The decision's reasons as JSON, kept as decided even if the rules change later. */
    @JdbcTypeCode(SqlTypes.JSON)
    public String reasons;
}
