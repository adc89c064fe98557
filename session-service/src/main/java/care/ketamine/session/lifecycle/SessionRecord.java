package care.ketamine.session.lifecycle;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;
import java.util.UUID;

/** A booked session and where it is in its lifecycle. */
@Entity
@Table(name = "session")
public class SessionRecord extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "patient_id")
    public UUID patientId;
    @Column(name = "clinician_id")
    public String clinicianId;
    @Column(name = "plan_id")
    public UUID planId;
    public String type;
    public String state;
    @Column(name = "starts_at")
    public Instant startsAt;
    @Column(name = "ends_at")
    public Instant endsAt;
    @Column(name = "held_at")
    public Instant heldAt;
    @Column(name = "dosed_at")
    public Instant dosedAt;
    @Column(name = "pre_dose_systolic")
    public Integer preDoseSystolic;
    @Column(name = "pre_dose_diastolic")
    public Integer preDoseDiastolic;
    @Column(name = "pre_dose_heart_rate")
    public Integer preDoseHeartRate;
    @Column(name = "gate_passed_at")
    public Instant gatePassedAt;
    @Column(name = "dose_authorized_at")
    public Instant doseAuthorizedAt;
    @Column(name = "tablet_confirmed_by")
    public String tabletConfirmedBy;
    @Column(name = "ended_early_reason")
    public String endedEarlyReason;
    /** A DosingAddress as JSON recorded at check-in for this session only; null: the plan's. */
    @org.hibernate.annotations.JdbcTypeCode(org.hibernate.type.SqlTypes.JSON)
    @Column(name = "dosing_address")
    public String dosingAddress;
    @Column(name = "address_confirmed_by")
    public String addressConfirmedBy;
    @Column(name = "address_confirmed_at")
    public Instant addressConfirmedAt;
    @Version
    public long version;
}
