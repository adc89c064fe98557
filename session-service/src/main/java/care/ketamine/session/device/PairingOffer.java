package care.ketamine.session.device;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A code the console showed for pairing a phone: only its digest is kept (V18__pairing_offers.sql). */
@Entity
@Table(name = "pairing_offer")
public class PairingOffer extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "session_id")
    public UUID sessionId;
    public String role;
    public String kind;
    public String label;
    @Column(name = "code_digest")
    public String codeDigest;
    @Column(name = "offered_by")
    public String offeredBy;
    @Column(name = "offered_at")
    public Instant offeredAt;
    @Column(name = "expires_at")
    public Instant expiresAt;
    @Column(name = "withdrawn_at")
    public Instant withdrawnAt;
    @Column(name = "redeemed_at")
    public Instant redeemedAt;
    @Column(name = "device_id")
    public UUID deviceId;

    /** Still usable at {@code now}: not redeemed, not replaced by a newer code, not expired. */
    boolean open(Instant now) {
        return redeemedAt == null && withdrawnAt == null && now.isBefore(expiresAt);
    }
}
