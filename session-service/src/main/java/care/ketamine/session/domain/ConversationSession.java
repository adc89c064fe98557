package care.ketamine.session.domain;

import java.time.Instant;

/**
 * A PREPARATION or INTEGRATION session: a guided conversation without a dose. It is held and
 * then completed, or cancelled or aborted with a reason.
 */
public final class ConversationSession {

    private SessionState state;

    public ConversationSession(SessionState state) {
        this.state = state;
    }

    public Transition complete(String actor, Instant now) {
        if (state != SessionState.SCHEDULED) {
            throw new IllegalTransition("cannot complete a session that is " + state);
        }
        return move(SessionState.COMPLETED, actor, now, "completed");
    }

    public Transition end(SessionState to, String reason, String actor, Instant now) {
        if (state.ended()) {
            throw new IllegalTransition("cannot end a session that is " + state);
        }
        if (reason == null || reason.isBlank()) {
            throw new IllegalTransition("cannot " + (to == SessionState.ABORTED ? "abort" : "cancel") + " without a reason");
        }
        return move(to, actor, now, reason.strip());
    }

    private Transition move(SessionState to, String actor, Instant now, String reason) {
        Transition t = new Transition(state, to, actor, now, reason);
        state = to;
        return t;
    }

    public SessionState state() {
        return state;
    }
}
