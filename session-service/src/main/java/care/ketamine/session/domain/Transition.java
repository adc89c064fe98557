package care.ketamine.session.domain;

import java.time.Instant;

/** One recorded step: who moved the session from where to where, when and why. */
public record Transition(SessionState from, SessionState to, String actor, Instant at, String reason) {
}
