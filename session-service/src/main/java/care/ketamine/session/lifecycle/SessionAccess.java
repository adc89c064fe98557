package care.ketamine.session.lifecycle;

import care.ketamine.contracts.security.Roles;
import care.ketamine.platform.security.Caller;
import care.ketamine.platform.problem.ProblemException;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Who may act on a session: admins on any; a clinician on their own; schedulers where scheduling allows. */
public record SessionAccess(String subject, boolean admin, boolean scheduler, boolean clinician) {

    public static SessionAccess of(JsonWebToken token) {
        Caller caller = Caller.of(token);
        return new SessionAccess(caller.subject(), caller.has(Roles.ADMIN), caller.has(Roles.SCHEDULER), caller.has(Roles.CLINICIAN));
    }

    /** A clinician's own session, or an admin. */
    public void requireCare(SessionRecord session) {
        if (!admin && !(clinician && session.clinicianId.equals(subject))) {
            throw new ProblemException(Response.Status.FORBIDDEN, "Only the session's clinician (or an admin) may do this");
        }
    }

    /** As {@link #requireCare}, or a scheduler. */
    void requireCareOrScheduling(SessionRecord session) {
        if (!scheduler) {
            requireCare(session);
        }
    }
}
