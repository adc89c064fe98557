package care.ketamine.session.device;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "paired_device")
public class PairedDevice extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "session_id")
    public UUID sessionId;
    public String role;
    public String label;
    @Column(name = "paired_by")
    public String pairedBy;
    @Column(name = "paired_at")
    public Instant pairedAt;
    @Column(name = "expires_at")
    public Instant expiresAt;
    @Column(name = "revoked_at")
    public Instant revokedAt;
    /** A {@link care.ketamine.contracts.vitals.DeviceKinds} value. */
    public String kind;
    /** The cadence the device declared; null for its kind's default. */
    @Column(name = "cadence_seconds")
    public Integer cadenceSeconds;
    public String manufacturer;
    public String model;
    public String firmware;

    /** As sessions.lifecycle describes it on DEVICE_PAIRED. */
    public care.ketamine.contracts.sessions.PairedDevice described() {
        return new care.ketamine.contracts.sessions.PairedDevice(id.toString(), role, kind, cadenceSeconds, manufacturer,
                model, firmware);
    }
}
