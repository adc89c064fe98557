package care.ketamine.session.clinician;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.LocalDate;
import java.util.UUID;

/** Days a clinician is away, inclusive, in the clinician's time zone: an exception to the weekly hours. */
@Entity
@Table(name = "clinician_leave")
public class ClinicianLeave extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "clinician_id")
    public String clinicianId;
    @Column(name = "starts_on")
    public LocalDate startsOn;
    @Column(name = "ends_on")
    public LocalDate endsOn;
    public String reason;
}
