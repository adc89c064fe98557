package care.ketamine.vitals.session;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A session's lifecycle state as vitals knows it from sessions.lifecycle. */
@Entity
@Table(name = "session_activity")
public class SessionActivity extends PanacheEntityBase {

    @Id
    @Column(name = "session_id")
    public String sessionId;
    public String state;
    @Column(name = "patient_id")
    public String patientId;
    @Column(name = "clinician_id")
    public String clinicianId;
    @Column(name = "checked_in_at")
    public Instant checkedInAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
