package care.ketamine.intake.plan;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A clinician's decision on a patient's latest screening. */
@Entity
@Table(name = "evaluation")
public class Evaluation extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "patient_id")
    public UUID patientId;
    @Column(name = "screening_id")
    public UUID screeningId;
    @Column(name = "clinician_id")
    public String clinicianId;
    public String decision;
    public String note;
    @Column(name = "decided_at")
    public Instant decidedAt;
}
