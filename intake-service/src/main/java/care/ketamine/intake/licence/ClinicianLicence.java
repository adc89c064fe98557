package care.ketamine.intake.licence;

import care.ketamine.intake.domain.Licence;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Set;

/** The latest licence data of a clinician, projected from sessions.clinicians. */
@Entity
@Table(name = "clinician_licence")
public class ClinicianLicence extends PanacheEntityBase {

    @Id
    @Column(name = "clinician_id")
    public String clinicianId;
    @Column(name = "display_name")
    public String displayName;
    @Column(name = "licence_type")
    public String licenceType;
    public String[] states;
    public boolean active;
    @Column(name = "updated_at")
    public Instant updatedAt;

    public Licence toLicence() {
        return new Licence(clinicianId, licenceType, Set.of(states), active);
    }
}
