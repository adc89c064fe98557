package care.ketamine.alerting.session;

import java.time.Instant;

/**
 * What follows from a session moving to another state, in the projection's transaction: the rules on the session's
 * own course. Declared here and implemented by {@code evaluation/SessionMoveEvaluation}, so that this projection,
 * which alerts and evaluation read, does not depend on them.
 */
public interface SessionMoves {

    /** The session moved to {@code state} at {@code at}, for session-service's {@code reason} (may be null). */
    void moved(String sessionId, String state, String reason, Instant at);
}
