package care.ketamine.vitals.session;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

@Entity
@Table(name = "revoked_device")
public class RevokedDevice extends PanacheEntityBase {

    @Id
    @Column(name = "device_id")
    public String deviceId;
    @Column(name = "session_id")
    public String sessionId;
    @Column(name = "revoked_at")
    public Instant revokedAt;
}
