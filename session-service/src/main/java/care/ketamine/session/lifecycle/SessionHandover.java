package care.ketamine.session.lifecycle;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A patient handed over to emergency services: who was called, when and why, and who recorded it. */
@Entity
@Table(name = "session_handover")
public class SessionHandover extends PanacheEntityBase {

    @Id
    @Column(name = "session_id")
    public UUID sessionId;
    public String called;
    @Column(name = "called_at")
    public Instant calledAt;
    public String reason;
    @Column(name = "recorded_by")
    public String recordedBy;
    @Column(name = "recorded_at")
    public Instant recordedAt;
}
