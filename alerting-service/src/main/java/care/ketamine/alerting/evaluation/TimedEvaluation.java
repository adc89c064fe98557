package care.ketamine.alerting.evaluation;

import care.ketamine.platform.sql.ReplicaLock;
import care.ketamine.platform.sql.SqlValues;
import care.ketamine.platform.time.ClinicalTime;
import care.ketamine.alerting.alert.RaiseAlert;
import care.ketamine.alerting.domain.AlertCondition;
import care.ketamine.alerting.domain.DeviceCadences;
import care.ketamine.alerting.domain.DeviceStream;
import care.ketamine.alerting.domain.Severity;
import care.ketamine.alerting.domain.Thresholds;
import care.ketamine.alerting.domain.SessionWatch;
import care.ketamine.alerting.domain.SitterPresence;
import care.ketamine.alerting.domain.TimedChecks;
import care.ketamine.alerting.session.SessionWatches;
import care.ketamine.alerting.system.VitalsSilenceWatch;
import care.ketamine.contracts.sessions.SessionStates;
import care.ketamine.contracts.vitals.DeviceKinds;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every 5 seconds: prompts nobody answered, devices that went quiet (each device of a session
 * against its own cadence on the server's clock) and sitters who stepped out and stayed out, as of what the evaluation has seen of the topic
 * ({@link EvaluationLag}). One replica at a time looks
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
    private final Duration monitorInterval;
    private final DeviceCadences cadences;
    private final Duration missedAfter;
    private final Duration sitterAwayAfter;
    private final EvaluationLag lag;
    private final VitalsSilenceWatch vitalsSilence;
    private final AtomicLong sweepsDone = new AtomicLong();

    public TimedEvaluation(RaiseAlert raiseAlert, SessionWatches sessions, EntityManager entityManager, Clock clock,
                           @ConfigProperty(name = "alerting.device-silence.expected-interval", defaultValue = "60S")
                           Duration monitorInterval, ClinicalTime clinicalTime, EvaluationLag lag,
                           VitalsSilenceWatch vitalsSilence) {
        this.lag = lag;
        this.vitalsSilence = vitalsSilence;
        this.missedAfter = clinicalTime.scaled(TimedChecks.MISSED_WARNING);
        this.sitterAwayAfter = clinicalTime.scaled(TimedChecks.SITTER_AWAY_AFTER);
        this.raiseAlert = raiseAlert;
        this.sessions = sessions;
        this.entityManager = entityManager;
        this.clock = clock;
        this.monitorInterval = clinicalTime.scaled(monitorInterval);
        this.cadences = DeviceCadences.standard(monitorInterval).compressedBy(clinicalTime.compression());
    }

    @Scheduled(every = "${alerting.timed-checks.every:5s}", delayed = "3s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void sweep() {
        try {
            QuarkusTransaction.requiringNew().run(this::sweepOnce);
            sweepsDone.incrementAndGet();
        } catch (RuntimeException e) {
            Log.warnf("timed checks skipped this time, retrying at the next sweep: %s", e.getMessage());
        }
    }

    /** Sweeps finished, for a test to wait on one that started after it moved the clock. */
    long sweepsDone() {
        return sweepsDone.get();
    }

    void sweepOnce() {
        boolean mine = ReplicaLock.claim(entityManager, LOCK);
        if (!mine) {
            return;
        }
        // As of what the evaluation has seen: a reading or an answer still waiting on the topic is not silence.
        Instant now = clock.instant();
        Instant seenUpTo = now.minus(lag.worst(now));
        missedPrompts(seenUpTo);
        // Before device silence: the device-silent alerts of a silence that stops every session are grouped under it.
        vitalsSilence.judge(seenUpTo, cadences, monitorInterval);
        silentDevices(seenUpTo);
        sittersAway(seenUpTo);
    }

    /**
     * Every monitored session whose sitter is out, or whose sitter-away alert is not yet cleared: raised once the
     * sitter has been out long enough, cleared once they are back (the change itself clears it too).
     */
    @SuppressWarnings("unchecked")
    private void sittersAway(Instant now) {
        List<Object[]> rows = entityManager.createNativeQuery("""
                        SELECT s.session_id, s.state, s.dosed_at, p.present, p.changed_at, a.severity, a.cleared_at
                        FROM session_watch s
                        JOIN sitter_presence p ON p.session_id = s.session_id
                        LEFT JOIN alert a ON a.session_id = s.session_id AND a.status <> 'RESOLVED' AND a.rule = '%s'
                        WHERE s.state IN (%s) AND (NOT p.present OR (a.severity IS NOT NULL AND a.cleared_at IS NULL))"""
                        .formatted(TimedChecks.SITTER_AWAY, sqlList(SessionStates.AFTER_DOSE)))
                .getResultList();
        Map<String, Set<String>> ended = new HashMap<>();
        for (Object[] r : rows) {
            SessionWatch session = new SessionWatch((String) r[0], null, null, (String) r[1], SqlValues.instant(r[2]),
                    Thresholds.defaults(), null, null);
            SitterPresence presence = new SitterPresence((Boolean) r[3], SqlValues.instant(r[4]));
            judge(session, TimedChecks.sitterAway(session, presence, now, sitterAwayAfter), TimedChecks.SITTER_AWAY,
                    (String) r[5], r[6] != null, ended);
        }
        raiseAlert.clear(ended);
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

    /**
     * One query for every session under monitoring: its reading devices (not revoked, not the sitter's phone)
     * with the unresolved device-silent alert of each, or one row for a session alerting knows no reading device
     * of (judged as a whole, as a combined monitor), plus that session-wide alert. Only what changes is written:
     * an alert to raise or worsen, a silence that ended.
     */
    @SuppressWarnings("unchecked")
    private void silentDevices(Instant now) {
        List<Object[]> rows = entityManager.createNativeQuery("""
                        SELECT s.session_id, d.device_id, d.kind, d.role, d.cadence_seconds, d.paired_at, d.last_received_at,
                               s.last_reading_at, a.severity, a.cleared_at, w.severity, w.cleared_at, s.state, s.dosed_at
                        FROM session_watch s
                        LEFT JOIN device_stream d ON d.session_id = s.session_id AND d.revoked_at IS NULL
                             AND d.kind NOT IN (%s) AND d.role IS DISTINCT FROM 'sitter'
                        LEFT JOIN alert a ON a.session_id = s.session_id AND a.status <> 'RESOLVED'
                             AND a.rule = '%s-' || d.device_id
                        LEFT JOIN alert w ON w.session_id = s.session_id AND w.status <> 'RESOLVED' AND w.rule = '%s'
                        WHERE s.state IN (%s)""".formatted(sqlList(DeviceKinds.PHONE_KINDS), TimedChecks.DEVICE_SILENT,
                        TimedChecks.DEVICE_SILENT, sqlList(SessionStates.AFTER_DOSE)))
                .getResultList();
        if (rows.isEmpty()) {
            return;
        }
        Map<String, Set<String>> ended = new HashMap<>();
        for (Object[] r : rows) {
            // What the rule needs; the whole session (clinician, patient) is read only for an alert to raise.
            SessionWatch session = new SessionWatch((String) r[0], null, null, (String) r[12], SqlValues.instant(r[13]),
                    Thresholds.defaults(), null, null);
            String deviceId = (String) r[1];
            String sessionWide = (String) r[10];
            if (deviceId == null) {
                judge(session, TimedChecks.deviceSilence(session, SqlValues.instant(r[7]), monitorInterval, now),
                        TimedChecks.DEVICE_SILENT, sessionWide, r[11] != null, ended);
                continue;
            }
            if (sessionWide != null && r[11] == null) {
                ended.computeIfAbsent(session.sessionId(), id -> new HashSet<>()).add(TimedChecks.DEVICE_SILENT);
            }
            DeviceStream device = new DeviceStream(deviceId, (String) r[2], (String) r[3],
                    r[4] == null ? null : Duration.ofSeconds(((Number) r[4]).longValue()), SqlValues.instant(r[5]),
                    SqlValues.instant(r[6]));
            judge(session, TimedChecks.deviceSilence(session, device, cadences, now), TimedChecks.silentRule(deviceId),
                    (String) r[8], r[9] != null, ended);
        }
        raiseAlert.clear(ended);
    }

    /**
     * Raises a silence (or a sitter's absence) not alerted yet (or one a person resolved after it began: not again),
     * worsens an alert whose silence got worse or came back after it was cleared; marks a silence that ended as cleared.
     */
    private void judge(SessionWatch session, Optional<AlertCondition> silent, String rule, String alertSeverity,
                       boolean cleared, Map<String, Set<String>> ended) {
        if (silent.isEmpty()) {
            if (alertSeverity != null && !cleared) {
                ended.computeIfAbsent(session.sessionId(), id -> new HashSet<>()).add(rule);
            }
            return;
        }
        if (alertSeverity == null) {
            raiseAlert.raiseTimed(silent.get(), sessions.of(session.sessionId()));
        } else if (cleared || silent.get().severity().compareTo(Severity.valueOf(alertSeverity)) > 0) {
            raiseAlert.raise(silent.get(), sessions.of(session.sessionId()));
        }
    }

    /** The states as SQL literals: constants of the contract, written out so the partial index on session_watch applies. */
    static String sqlList(Set<String> states) {
        return SqlValues.literals(states);
    }
}
