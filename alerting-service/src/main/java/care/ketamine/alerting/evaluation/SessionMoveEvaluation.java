package care.ketamine.alerting.evaluation;

import care.ketamine.alerting.alert.RaiseAlert;
import care.ketamine.alerting.domain.SessionRules;
import care.ketamine.alerting.session.SessionMoves;
import care.ketamine.alerting.session.SessionWatches;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;

/** A session's move, judged by {@link SessionRules}: a dose held by a failed pre-dose gate informs the clinician. */
@ApplicationScoped
public class SessionMoveEvaluation implements SessionMoves {

    private final RaiseAlert raiseAlert;
    private final SessionWatches sessions;

    public SessionMoveEvaluation(RaiseAlert raiseAlert, SessionWatches sessions) {
        this.raiseAlert = raiseAlert;
        this.sessions = sessions;
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public void moved(String sessionId, String state, String reason, Instant at) {
        SessionRules.gate(sessionId, state, reason, at)
                .ifPresent(condition -> raiseAlert.raise(condition, sessions.of(sessionId)));
    }
}
