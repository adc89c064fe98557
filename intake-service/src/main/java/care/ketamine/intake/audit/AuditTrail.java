package care.ketamine.intake.audit;

import care.ketamine.platform.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.util.UUID;

/** Records every read of a patient's record, in the reading transaction. */
@ApplicationScoped
public class AuditTrail {

    private final Clock clock;

    public AuditTrail(Clock clock) {
        this.clock = clock;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void read(Caller caller, String action, UUID patientId) {
        AuditEntry entry = new AuditEntry();
        entry.actor = caller.subject();
        entry.actorRole = caller.role();
        entry.action = action;
        entry.patientId = patientId;
        entry.at = clock.instant();
        entry.persist();
    }
}
