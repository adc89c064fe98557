package care.ketamine.session.plan;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import care.ketamine.contracts.intake.PatientQuietWindow;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** A patient's current plan as intake approved it; inactive once superseded by discharge. */
@Entity
@Table(name = "patient_plan")
public class PatientPlan extends PanacheEntityBase {

    @Id
    @Column(name = "patient_id")
    public UUID patientId;
    @Column(name = "plan_id")
    public UUID planId;
    @Column(name = "us_state")
    public String usState;
    public String timezone;
    @Column(name = "dosing_sessions")
    public int dosingSessions;
    @Column(name = "min_days_between")
    public int minDaysBetween;
    @Column(name = "dose_mg")
    public int doseMg;
    @JdbcTypeCode(SqlTypes.JSON)
    public String thresholds;
    @Column(name = "baseline_systolic")
    public int baselineSystolic;
    @Column(name = "baseline_diastolic")
    public int baselineDiastolic;
    @JdbcTypeCode(SqlTypes.JSON)
    public String sitter;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "emergency_contact")
    public String emergencyContact;
    /** Classes of concern in words from the latest screening; empty when none; null when the event did not carry them. */
    @Column(name = "medications_of_concern")
    public String[] medicationsOfConcern;
    /** The patient's quiet window after the dose; both null when the plan's event did not carry one. */
    @Column(name = "patient_quiet_from_minutes")
    public Integer patientQuietFromMinutes;
    @Column(name = "patient_quiet_until_minutes")
    public Integer patientQuietUntilMinutes;
    public boolean active;
    @Column(name = "updated_at")
    public Instant updatedAt;

    /** The plan's DosingAddress as JSON; null when the plan named none (recorded at check-in). */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "dosing_address")
    public String dosingAddress;

    /** Whether alerting texts the sitter to check on the patient: true unless the plan said not to. */
    @Column(name = "text_sitter_on_critical_alerts")
    public boolean textSitterOnCriticalAlerts = true;

    /** Who the patient is, for the console only; null for a plan approved before intake's events carried it. */
    @Column(name = "patient_given_name")
    public String patientGivenName;
    @Column(name = "patient_family_name")
    public String patientFamilyName;
    @Column(name = "patient_birth_date")
    public LocalDate patientBirthDate;

    /** The plan's quiet window, or null when its event carried none (vitals then uses its own setting). */
    public PatientQuietWindow patientQuietWindow() {
        return patientQuietFromMinutes == null ? null : new PatientQuietWindow(patientQuietFromMinutes, patientQuietUntilMinutes);
    }
}
