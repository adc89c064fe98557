package care.ketamine.intake.outcome;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A PHQ-9 and GAD-7 follow-up measure. */
@Entity
@Table(name = "outcome_measure")
public class OutcomeMeasure extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "patient_id")
    public UUID patientId;
    @Column(name = "measured_at")
    public Instant measuredAt;
    @Column(name = "phq9_answers")
    public Integer[] phq9Answers;
    @Column(name = "gad7_answers")
    public Integer[] gad7Answers;
    @Column(name = "phq9_total")
    public int phq9Total;
    @Column(name = "gad7_total")
    public int gad7Total;
    @Column(name = "recorded_by")
    public String recordedBy;
    @Column(name = "recorded_at")
    public Instant recordedAt;
}
