package care.ketamine.intake.plan;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.UUID;

/** An approved plan: ACTIVE until a newer plan supersedes it; then kept as history. */
@Entity
@Table(name = "treatment_plan")
public class TreatmentPlan extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "patient_id")
    public UUID patientId;
    @Column(name = "evaluation_id")
    public UUID evaluationId;
    @Column(name = "supersedes_plan_id")
    public UUID supersedesPlanId;
    public String status;
    @Column(name = "dosing_sessions")
    public int dosingSessions;
    @Column(name = "min_days_between_doses")
    public int minDaysBetweenDoses;
    @Column(name = "dose_mg")
    public int doseMg;
    /** MonitoringThresholds as JSON. */
    @JdbcTypeCode(SqlTypes.JSON)
    public String thresholds;
    /** The patient's quiet window after the dose; both null on plans approved before plans carried it. */
    @Column(name = "patient_quiet_from_minutes")
    public Integer patientQuietFromMinutes;
    @Column(name = "patient_quiet_until_minutes")
    public Integer patientQuietUntilMinutes;
    /** The DosingAddress as JSON, emergency number filled in; null when the plan names none (recorded at check-in). */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "dosing_address")
    public String dosingAddress;
    /** Whether the sitter gets alerting's "check on the patient now" text; true unless the clinician said not to. */
    @Column(name = "text_sitter_on_critical_alerts")
    public boolean textSitterOnCriticalAlerts;
    @Column(name = "approved_by")
    public String approvedBy;
    @Column(name = "approved_at")
    public Instant approvedAt;
    @Column(name = "superseded_at")
    public Instant supersededAt;
}
