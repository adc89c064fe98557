package care.ketamine.vitals.session;

import care.ketamine.contracts.security.Roles;
import care.ketamine.platform.problem.ProblemException;
import care.ketamine.platform.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.Clock;

/**
 * Who may read a session's observations: its clinician and admins among staff; a device or sitter
 * token only for the session it is bound to. Every staff read of patient data is audited.
 */
@ApplicationScoped
public class SessionAccess {

    private final EntityManager entityManager;
    private final Clock clock;

    public SessionAccess(EntityManager entityManager, Clock clock) {
        this.entityManager = entityManager;
        this.clock = clock;
    }

    /** The session, when the caller may read it; 404 or 403 otherwise. Staff reads are written to read_audit. */
    @Transactional(Transactional.TxType.MANDATORY)
    public SessionActivity open(JsonWebToken token, String sessionId, String action) {
        SessionActivity session = SessionActivity.findById(sessionId);
        if (token.getGroups().contains(Roles.PATIENT_DEVICE) || token.getGroups().contains(Roles.SITTER)) {
            if (!sessionId.equals(token.getClaim(Roles.SESSION_CLAIM))) {
                throw new ProblemException(Response.Status.FORBIDDEN, "This token is bound to another session");
            }
            if (session == null) {
                throw ProblemException.notFound("Session " + sessionId);
            }
            return session;
        }
        if (session == null) {
            throw ProblemException.notFound("Session " + sessionId);
        }
        if (!token.getGroups().contains(Roles.ADMIN) && !token.getSubject().equals(session.clinicianId)) {
            throw new ProblemException(Response.Status.FORBIDDEN, "Only the session's clinician (or an admin) may read it");
        }
        Caller caller = Caller.of(token);
        entityManager.createNativeQuery("INSERT INTO read_audit (actor, actor_role, action, session_id, at) "
                        + "VALUES (?1, ?2, ?3, ?4, ?5)")
                .setParameter(1, caller.subject()).setParameter(2, caller.role()).setParameter(3, action)
                .setParameter(4, sessionId).setParameter(5, clock.instant()).executeUpdate();
        return session;
    }
}
