package care.ketamine.vitals.session;

import care.ketamine.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;

/**
 * Whether a device may post for a session now: the session is active (checked in through
 * recovered) and the device has not been revoked.
 */
@ApplicationScoped
public class SessionGate {

    /** The session, when it is active and the device is not revoked; a 409 or 403 problem otherwise. */
    @Transactional(Transactional.TxType.MANDATORY)
    public SessionActivity admit(String sessionId, String deviceId) {
        SessionActivity activity = SessionActivity.findById(sessionId);
        if (activity == null || !SessionActivity.ACTIVE.contains(activity.state)) {
            throw new ProblemException(Response.Status.CONFLICT, "The session is not active ("
                    + (activity == null ? "not checked in" : activity.state) + "): readings and check-ins are taken from check-in to recovery");
        }
        if (deviceId != null && RevokedDevice.findById(deviceId) != null) {
            throw new ProblemException(Response.Status.FORBIDDEN, "This device was revoked for the session");
        }
        return activity;
    }
}
