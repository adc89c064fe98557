package care.ketamine.session.clinician;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.time.ZoneId;

@Entity
@Table(name = "clinician")
public class Clinician extends PanacheEntityBase {

    /** The subject of the clinician's sign-in token. */
    @Id
    public String id;
    @Column(name = "display_name")
    public String displayName;
    @Column(name = "licence_type")
    public String licenceType;
    public String[] states;
    public String timezone;
    /** Weekly hours as JSON: [{"day": "MONDAY", "from": "09:00", "to": "17:00"}]. */
    @JdbcTypeCode(SqlTypes.JSON)
    public String availability;
    public boolean active;
    @Column(name = "updated_at")
    public Instant updatedAt;
    @Version
    public long version;

    /** The person's timezone: their clinician profile's, or UTC for staff session-service holds no profile of. */
    public static ZoneId zoneOf(String id) {
        Clinician clinician = findById(id);
        return ZoneId.of(clinician == null ? "UTC" : clinician.timezone);
    }
}
