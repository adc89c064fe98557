package care.ketamine.vitals.ingest;

import care.ketamine.contracts.security.Roles;
import care.ketamine.platform.problem.ProblemException;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** A device or sitter token is bound to one session (claim session_id) and posts only for it. */
public final class SessionBinding {

    private SessionBinding() {
    }

    public static void require(JsonWebToken caller, String sessionId) {
        if (!sessionId.equals(caller.getClaim(Roles.SESSION_CLAIM))) {
            throw new ProblemException(Response.Status.FORBIDDEN, "This token is bound to another session");
        }
    }
}
