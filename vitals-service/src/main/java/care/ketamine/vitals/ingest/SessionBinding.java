package care.ketamine.vitals.ingest;

import care.ketamine.contracts.security.Roles;
import care.ketamine.platform.problem.ProblemException;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * A device or sitter token is bound to one session (claim session_id) and names its paired device
 * (claim device_id, as session-service's pairing issues it). A token without a device id could not
 * be revoked, so it is refused outright.
 */
public final class SessionBinding {

    private SessionBinding() {
    }

    /** @return the token's device id; 403 when the token is bound to another session or names no device */
    public static String require(JsonWebToken caller, String sessionId) {
        if (!sessionId.equals(caller.getClaim(Roles.SESSION_CLAIM))) {
            throw new ProblemException(Response.Status.FORBIDDEN, "This token is bound to another session");
        }
        Object device = caller.getClaim(Roles.DEVICE_CLAIM);
        if (!(device instanceof String id) || id.isBlank()) {
            throw new ProblemException(Response.Status.FORBIDDEN,
                    "This token names no paired device (claim " + Roles.DEVICE_CLAIM + "); pair the device again");
        }
        return id;
    }
}
