package care.ketamine.vitals.session;

import care.ketamine.platform.problem.Problem;
import care.ketamine.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.util.List;

/**
 * Whether a device may post for a session now: the session is active (checked in through
 * recovered), the device has not been revoked, and the reading is not from before check-in.
 */
@ApplicationScoped
public class SessionGate {

    @Transactional
    public void admit(String sessionId, String deviceId, Instant measuredAt) {
        SessionActivity activity = SessionActivity.findById(sessionId);
        if (activity == null || !SessionActivity.ACTIVE.contains(activity.state)) {
            throw new ProblemException(Response.Status.CONFLICT, "The session is not active ("
                    + (activity == null ? "not checked in" : activity.state) + "): readings are taken from check-in to recovery");
        }
        if (deviceId != null && RevokedDevice.findById(deviceId) != null) {
            throw new ProblemException(Response.Status.FORBIDDEN, "This device was revoked for the session");
        }
        if (activity.checkedInAt != null && measuredAt.isBefore(activity.checkedInAt)) {
            throw ProblemException.invalid("The reading was not recorded", List.of(
                    new Problem.Violation("measuredAt", "must not be before the session's check-in")));
        }
    }
}
