package care.ketamine.alerting.session;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A session as alerting knows it from sessions.lifecycle (table session_watch). */
@Entity
@Table(name = "session_watch")
public class WatchedSession extends PanacheEntityBase {

    @Id
    @Column(name = "session_id")
    public String sessionId;
    @Column(name = "patient_id")
    public String patientId;
    @Column(name = "clinician_id")
    public String clinicianId;
    public String state;
    @Column(name = "dosed_at")
    public Instant dosedAt;
    /** The plan's MonitoringThresholds as JSON; null: the defaults. */
    public String thresholds;
    @Column(name = "pre_dose_systolic")
    public Integer preDoseSystolic;
    @Column(name = "pre_dose_diastolic")
    public Integer preDoseDiastolic;
    /** The sitter and the emergency contact (name, phone, relationship) as JSON, for the call instruction. */
    public String sitter;
    @Column(name = "emergency_contact")
    public String emergencyContact;
    /** False when the plan says not to text the sitter to check on the patient; null (no word yet) is on. */
    @Column(name = "text_sitter")
    public Boolean textSitter;
    /** The dosing address and emergency number (a DosingAddress as JSON) for the emergency step; null: none on file. */
    @org.hibernate.annotations.JdbcTypeCode(org.hibernate.type.SqlTypes.JSON)
    @Column(name = "dosing_address")
    public String dosingAddress;
    @Column(name = "address_confirmed_by")
    public String addressConfirmedBy;
    @Column(name = "address_confirmed_at")
    public Instant addressConfirmedAt;
    @Column(name = "last_reading_at")
    public Instant lastReadingAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
