package care.ketamine.intake.audit;

import care.ketamine.platform.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.util.UUID;

/** Records every read of a patient's record, in the reading transaction, and every refused one. */
@ApplicationScoped
public class AuditTrail {

    private final Clock clock;

    public AuditTrail(Clock clock) {
        this.clock = clock;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void read(Caller caller, String action, UUID patientId) {
        write(caller, action, patientId);
    }

    /** A read of program-wide figures: no patient is named. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void readProgram(Caller caller, String action) {
        write(caller, action, null);
    }

    /**
     * A refused attempt ({@code <action>.denied}), in a transaction of its own: the request's
     * transaction rolls back with the refusal, the audit row must not.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void denied(Caller caller, String action, UUID patientId) {
        write(caller, action + ".denied", patientId);
    }

    private void write(Caller caller, String action, UUID patientId) {
        AuditEntry entry = new AuditEntry();
        entry.actor = caller.subject();
        entry.actorRole = caller.role();
        entry.action = action;
        entry.patientId = patientId;
        entry.at = clock.instant();
        entry.persist();
    }
}
