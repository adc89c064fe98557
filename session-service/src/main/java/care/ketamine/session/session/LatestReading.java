package care.ketamine.session.session;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** The newest reading of a session, as the pre-dose gate reads it. */
@Entity
@Table(name = "latest_reading")
public class LatestReading extends PanacheEntityBase {

    @Id
    @Column(name = "session_id")
    public UUID sessionId;
    public int systolic;
    public int diastolic;
    @Column(name = "heart_rate")
    public Integer heartRate;
    public Integer spo2;
    @Column(name = "measured_at")
    public Instant measuredAt;
}
