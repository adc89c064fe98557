package care.ketamine.vitals.session;

import care.ketamine.contracts.sessions.SessionStates;
import care.ketamine.platform.problem.ProblemException;
import jakarta.ws.rs.core.Response;

/**
 * Whether a device may post for a session now: the session is active ({@link SessionStates#ACTIVE}:
 * from check-in until it ends, including a dosed session aborted early and still watched) and the
 * device has not been revoked. Plain: the caller reads both facts.
 */
public final class SessionGate {

    private SessionGate() {
    }

    /**
     * @param state   the session's state as vitals knows it from sessions.lifecycle; null when it never checked in
     * @param revoked whether the posting device was revoked for the session
     * @throws ProblemException 409 when the session is not active, 403 when the device was revoked
     */
    public static void admit(String state, boolean revoked) {
        if (!active(state)) {
            throw new ProblemException(Response.Status.CONFLICT, "The session is not active ("
                    + (state == null ? "not checked in" : state) + "): readings and check-ins are taken from check-in until the session ends");
        }
        if (revoked) {
            throw new ProblemException(Response.Status.FORBIDDEN, "This device was revoked for the session");
        }
    }

    /** Whether {@link #admit(String, boolean)} lets the device post. */
    public static boolean mayPost(String state, boolean revoked) {
        return active(state) && !revoked;
    }

    private static boolean active(String state) {
        return state != null && SessionStates.ACTIVE.contains(state);
    }
}
