package care.ketamine.vitals.session;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A device paired to a session, with the kind that decides the shape of its readings. */
@Entity
@Table(name = "paired_device")
public class PairedDeviceRecord extends PanacheEntityBase {

    @Id
    @Column(name = "device_id")
    public String deviceId;
    @Column(name = "session_id")
    public String sessionId;
    public String role;
    public String kind;
    @Column(name = "cadence_seconds")
    public Integer cadenceSeconds;
    public String manufacturer;
    public String model;
    public String firmware;
    @Column(name = "paired_at")
    public Instant pairedAt;
}
