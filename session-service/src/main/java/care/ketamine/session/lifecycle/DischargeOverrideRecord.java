package care.ketamine.session.lifecycle;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A discharge criterion the clinician overrode: the figures it was not met on and their written reason. */
@Entity
@Table(name = "discharge_override")
public class DischargeOverrideRecord extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "session_id")
    public UUID sessionId;
    @Column(name = "to_state")
    public String toState;
    public String criterion;
    public String figures;
    public String reason;
    public String actor;
    public Instant at;
}
