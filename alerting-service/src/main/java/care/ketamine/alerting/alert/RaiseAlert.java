package care.ketamine.alerting.alert;

import care.ketamine.alerting.domain.AlertCondition;
import care.ketamine.alerting.domain.SessionWatch;
import care.ketamine.alerting.domain.Severity;
import care.ketamine.contracts.alerts.AlertSnapshot;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Use case: a rule found a condition, or found it clear. One alert per (session, rule): while it is
 * unresolved a recurrence updates it (occurrences, latest and worst value, a worse severity)
 * instead of paging again, except that an acknowledged alert that gets worse is paged again and
 * opened for a new acknowledgement, and a finding confirmed by a repeat measurement is paged once more,
 * saying so; a condition that returns within 5 minutes of its alert being resolved reopens that alert. Runs inside the caller's transaction.
 */
@ApplicationScoped
public class RaiseAlert {

    static final Duration REOPEN_WITHIN = Duration.ofMinutes(5);

    private final AlertRepository alerts;
    private final AlertEvents events;
    private final AlertEscalation escalation;
    private final Clock clock;
    private final MeterRegistry meters;

    public RaiseAlert(AlertRepository alerts, AlertEvents events, AlertEscalation escalation, Clock clock, MeterRegistry meters) {
        this.alerts = alerts;
        this.events = events;
        this.escalation = escalation;
        this.clock = clock;
        this.meters = meters;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Alert raise(AlertCondition condition, SessionWatch session) {
        Instant now = clock.instant();
        Optional<Alert> unresolved = alerts.findUnresolved(condition.sessionId(), condition.rule());
        if (unresolved.isPresent()) {
            Alert alert = unresolved.get();
            alert.recur(condition, now);
            meters.counter("alerts.recurrences", "rule", condition.rule()).increment();
            Severity before = alert.severity;
            boolean confirmed = alert.confirmBy(condition, now);
            if (alert.worsenTo(condition.severity())) {
                if (alert.status == AlertStatus.ACKNOWLEDGED) {
                    String acknowledgedBy = alert.acknowledgedBy;
                    String role = alert.acknowledgedRole;
                    alert.withdrawAcknowledgement(now);
                    escalation.worsenedWhileAcknowledged(alert, before, acknowledgedBy, role, now);
                } else {
                    escalation.replanForSeverity(alert, now);
                }
            } else if (confirmed) {
                escalation.confirmed(alert, now);
            }
            events.changed(alert, AlertSnapshot.UPDATED);
            return alert;
        }
        Optional<Alert> recentlyResolved = alerts.findResolvedSince(condition.sessionId(), condition.rule(),
                now.minus(REOPEN_WITHIN));
        if (recentlyResolved.isPresent()) {
            Alert alert = recentlyResolved.get();
            alert.reopen(condition, now);
            alert.confirmBy(condition, now);
            alert.worsenTo(condition.severity());
            meters.counter("alerts.reopened", "rule", condition.rule()).increment();
            escalation.start(alert, now);
            events.changed(alert, AlertSnapshot.UPDATED);
            return alert;
        }
        Alert alert = Alert.open(condition, session, now);
        alerts.persist(alert);
        meters.counter("alerts.raised", "rule", condition.rule(), "severity", condition.severity().name()).increment();
        escalation.start(alert, now);
        events.changed(alert, AlertSnapshot.RAISED);
        return alert;
    }

    /**
     * A condition found by time passing (a missed prompt, a silent device), looked at on every tick:
     * it raises an alert once, and again only when it gets worse, not on every tick. A person who
     * resolved the alert after the condition began has seen it: it is not raised again for the same start.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void raiseTimed(AlertCondition condition, SessionWatch session) {
        Optional<Alert> unresolved = alerts.findUnresolved(condition.sessionId(), condition.rule());
        if (unresolved.isPresent()) {
            if (condition.severity().compareTo(unresolved.get().severity) > 0) {
                raise(condition, session);
            }
            return;
        }
        boolean resolvedSinceItBegan = alerts.findResolvedSince(condition.sessionId(), condition.rule(), condition.observedAt())
                .isPresent();
        if (!resolvedSinceItBegan) {
            raise(condition, session);
        }
    }

    /** A reading shows the rule's condition gone: the alert stays for a person to resolve, marked as cleared. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void clear(String sessionId, String rule) {
        clear(sessionId, Set.of(rule));
    }

    /**
     * As {@link #clear(String, String)}, for a finding measured or answered at {@code asOf}: one older than the
     * finding the alert shows (a late check-in) says nothing about now and clears nothing.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void clearAsOf(String sessionId, String rule, Instant asOf) {
        alerts.findUnresolved(sessionId, rule).filter(alert -> !asOf.isBefore(alert.lastSeenAt))
                .ifPresent(alert -> markCleared(List.of(alert), Map.of(sessionId, Set.of(rule))));
    }

    /** As {@link #clear(String, String)} for several rules, with one look at the session's unresolved alerts. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void clear(String sessionId, Set<String> rules) {
        if (!rules.isEmpty()) {
            markCleared(alerts.unresolvedOf(sessionId), Map.of(sessionId, rules));
        }
    }

    /** As {@link #clear(String, Set)} for many sessions, with one look at all their unresolved alerts. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void clear(Map<String, Set<String>> rulesBySession) {
        if (!rulesBySession.isEmpty()) {
            markCleared(alerts.unresolvedOfAll(rulesBySession.keySet()), rulesBySession);
        }
    }

    /** This alert's condition is gone, whether or not a person has resolved the alert already. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void markCleared(Alert alert) {
        if (alert.clearedAt == null) {
            alert.clearedAt = clock.instant();
            alert.updatedAt = alert.clearedAt;
            events.changed(alert, AlertSnapshot.UPDATED);
        }
    }

    private void markCleared(List<Alert> unresolved, Map<String, Set<String>> rulesBySession) {
        for (Alert alert : unresolved) {
            if (rulesBySession.getOrDefault(alert.sessionId, Set.of()).contains(alert.rule)) {
                markCleared(alert);
            }
        }
    }
}
