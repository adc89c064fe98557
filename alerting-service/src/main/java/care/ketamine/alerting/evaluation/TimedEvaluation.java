package care.ketamine.alerting.evaluation;

import care.ketamine.platform.sql.ReplicaLock;
import care.ketamine.platform.sql.SqlValues;
import care.ketamine.platform.time.ClinicalTime;
import care.ketamine.alerting.alert.RaiseAlert;
import care.ketamine.alerting.domain.AlertCondition;
import care.ketamine.alerting.domain.SessionWatch;
import care.ketamine.alerting.domain.TimedChecks;
import care.ketamine.alerting.session.SessionWatches;
import care.ketamine.alerting.session.WatchedSession;
import care.ketamine.contracts.sessions.SessionStates;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every 5 seconds: prompts nobody answered and devices that went quiet. One replica at a time looks
 * (a transaction-scoped advisory lock), so two replicas never raise the same condition twice. Both
 * keep running for a dosed session aborted early (ENDED_EARLY) and stop once a session has ended
 * ({@link SessionStates#ENDED}); alerts already raised stay open and keep escalating either way.
 */
@ApplicationScoped
public class TimedEvaluation {

    /** The advisory lock key of this sweep ("timed" in ASCII). */
    static final long LOCK = 0x74696d6564L;

    private final RaiseAlert raiseAlert;
    private final SessionWatches sessions;
    private final EntityManager entityManager;
    private final Clock clock;
    private final Duration expectedReadingInterval;
    private final Duration missedAfter;

    public TimedEvaluation(RaiseAlert raiseAlert, SessionWatches sessions, EntityManager entityManager, Clock clock,
                           @ConfigProperty(name = "alerting.device-silence.expected-interval", defaultValue = "60S")
                           Duration expectedReadingInterval, ClinicalTime clinicalTime) {
        this.missedAfter = clinicalTime.scaled(TimedChecks.MISSED_WARNING);
        this.raiseAlert = raiseAlert;
        this.sessions = sessions;
        this.entityManager = entityManager;
        this.clock = clock;
        this.expectedReadingInterval = clinicalTime.scaled(expectedReadingInterval);
    }

    @Scheduled(every = "5s", delayed = "3s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void sweep() {
        try {
            QuarkusTransaction.requiringNew().run(this::sweepOnce);
        } catch (RuntimeException e) {
            Log.warnf("timed checks skipped this time, retrying in 5 s: %s", e.getMessage());
        }
    }

    void sweepOnce() {
        boolean mine = ReplicaLock.claim(entityManager, LOCK);
        if (!mine) {
            return;
        }
        Instant now = clock.instant();
        missedPrompts(now);
        silentDevices(now);
    }

    @SuppressWarnings("unchecked")
    private void missedPrompts(Instant now) {
        List<Object[]> overdue = entityManager.createNativeQuery("""
                        SELECT p.session_id, p.respondent, p.sequence, p.due_at FROM prompt_watch p
                        LEFT JOIN session_watch s ON s.session_id = p.session_id
                        WHERE p.answered_at IS NULL AND p.due_at <= ?1
                          AND (s.state IS NULL OR s.state NOT IN (%s))
                        ORDER BY p.due_at""".formatted(sqlList(SessionStates.ENDED)))
                .setParameter(1, now.minus(missedAfter)).getResultList();
        for (Object[] p : overdue) {
            String sessionId = (String) p[0];
            Optional<AlertCondition> missed = TimedChecks.missedCheckIn(sessionId, (String) p[1], ((Number) p[2]).intValue(),
                    SqlValues.instant(p[3]), now, missedAfter);
            missed.ifPresent(condition -> raiseAlert.raiseTimed(condition, sessions.of(sessionId)));
        }
    }

    private void silentDevices(Instant now) {
        List<WatchedSession> monitored = WatchedSession.list("state in (" + sqlList(SessionStates.AFTER_DOSE) + ")");
        for (WatchedSession s : monitored) {
            SessionWatch session = sessions.toWatch(s);
            Optional<AlertCondition> silent = TimedChecks.deviceSilence(session, s.lastReadingAt, expectedReadingInterval, now);
            if (silent.isPresent()) {
                raiseAlert.raiseTimed(silent.get(), session);
            } else {
                raiseAlert.clear(s.sessionId, TimedChecks.DEVICE_SILENT);
            }
        }
    }

    /** The states as SQL literals: constants of the contract, written out so the partial index on session_watch applies. */
    static String sqlList(Set<String> states) {
        return states.stream().sorted().map(state -> "'" + state.replace("'", "''") + "'").collect(Collectors.joining(", "));
    }
}
