package care.ketamine.vitals.session;

import care.ketamine.contracts.security.Roles;
import care.ketamine.platform.problem.ProblemException;
import care.ketamine.platform.audit.ReadAudit;
import care.ketamine.platform.security.Caller;
import care.ketamine.vitals.ingest.SessionBinding;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;


/**
 * Who may read a session's observations: its clinician and admins among staff; a device or sitter
 * token only for the session it is bound to, naming its device, and not revoked. Every staff read of patient data is audited.
 */
@ApplicationScoped
public class SessionAccess {

    private final ReadAudit audit;

    public SessionAccess(ReadAudit audit) {
        this.audit = audit;
    }

    /** The session, when the caller may read it; 404 or 403 otherwise. Staff reads are written to read_audit. */
    @Transactional(Transactional.TxType.MANDATORY)
    public SessionActivity open(JsonWebToken token, String sessionId, String action) {
        SessionActivity session = SessionActivity.findById(sessionId);
        Caller caller = Caller.of(token);
        if (caller.has(Roles.PATIENT_DEVICE) || caller.has(Roles.SITTER)) {
            String device = SessionBinding.require(token, sessionId);
            // Readings and check-ins are screened for revocation; a revoked device reads nothing either.
            if (RevokedDevice.findById(device) != null) {
                throw new ProblemException(Response.Status.FORBIDDEN, "This device was revoked for the session");
            }
            if (session == null) {
                throw ProblemException.notFound("Session " + sessionId);
            }
            return session;
        }
        if (session == null) {
            throw ProblemException.notFound("Session " + sessionId);
        }
        if (!caller.has(Roles.ADMIN) && !caller.subject().equals(session.clinicianId)) {
            throw new ProblemException(Response.Status.FORBIDDEN, "Only the session's clinician (or an admin) may read it");
        }
        audit.record(caller.subject(), caller.role(), action, sessionId);
        return session;
    }
}
