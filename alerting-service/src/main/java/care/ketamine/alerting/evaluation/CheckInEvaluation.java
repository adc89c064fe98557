package care.ketamine.alerting.evaluation;

import care.ketamine.alerting.alert.RaiseAlert;
import care.ketamine.alerting.alert.AlertRepository;
import care.ketamine.alerting.domain.CheckInRules;
import care.ketamine.alerting.domain.RuleOutcome;
import care.ketamine.alerting.domain.TimedChecks;
import care.ketamine.alerting.session.SessionWatches;
import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.vitals.CheckInPrompted;
import care.ketamine.contracts.vitals.HelpRequested;
import care.ketamine.contracts.vitals.PatientCheckedIn;
import care.ketamine.contracts.vitals.SitterPresenceChanged;
import care.ketamine.contracts.vitals.SitterCheckedIn;
import care.ketamine.platform.consumer.ProcessedEvents;
import care.ketamine.platform.consumer.RetryingTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.time.Instant;
import java.time.Duration;

/**
 * Use cases: a prompt was issued (the missed-check-in rule starts watching it); the patient or the
 * sitter checked in (their answers are judged, a patient's "not OK" with the session's open vital-sign
 * alerts, and the prompt they answer stops being missed); the patient or the sitter asked for help (paged at once);
 * the sitter stepped out or came back (kept for the timed checks; coming back clears {@code sitter-away}).
 * Once per event.
 */
@ApplicationScoped
public class CheckInEvaluation {

    /** A transient failure is tried again twice; a database that is down is waited for by the consumer. */
    private static final int ATTEMPTS = 3;
    private static final Duration PAUSE = Duration.ofMillis(500);

    private final RaiseAlert raiseAlert;
    private final AlertRepository alerts;
    private final SessionWatches sessions;
    private final ProcessedEvents processed;
    private final EntityManager entityManager;

    public CheckInEvaluation(RaiseAlert raiseAlert, AlertRepository alerts, SessionWatches sessions, ProcessedEvents processed,
                             EntityManager entityManager) {
        this.raiseAlert = raiseAlert;
        this.alerts = alerts;
        this.sessions = sessions;
        this.processed = processed;
        this.entityManager = entityManager;
    }

    public void prompted(EventEnvelope<CheckInPrompted> event) {
        RetryingTransaction.run(ATTEMPTS, PAUSE, () -> {
            if (processed.firstDelivery(event.eventId())) {
                watch(event.payload());
            }
        });
    }

    private void watch(CheckInPrompted p) {
        entityManager.createNativeQuery("""
                        INSERT INTO prompt_watch (prompt_id, session_id, respondent, sequence, due_at) VALUES (?1, ?2, ?3, ?4, ?5)
                        ON CONFLICT DO NOTHING""")
                .setParameter(1, p.promptId()).setParameter(2, p.sessionId()).setParameter(3, p.respondent())
                .setParameter(4, p.sequence()).setParameter(5, p.dueAt()).executeUpdate();
    }

    public void patient(EventEnvelope<PatientCheckedIn> event) {
        PatientCheckedIn c = event.payload();
        RetryingTransaction.run(ATTEMPTS, PAUSE, () -> {
            if (processed.firstDelivery(event.eventId())) {
                CheckInRules.patient(c.sessionId(), c.feelsOk(), c.dissociationTotal(), c.nausea(), c.anxiety(),
                        vitalSignAlertOpen(c.sessionId()), c.answeredAt()).forEach(outcome -> apply(c.sessionId(), outcome, c.answeredAt()));
                answered(c.sessionId(), c.promptId(), CheckInPrompted.PATIENT, c.answeredAt());
            }
        });
    }

    public void sitter(EventEnvelope<SitterCheckedIn> event) {
        SitterCheckedIn c = event.payload();
        RetryingTransaction.run(ATTEMPTS, PAUSE, () -> {
            if (processed.firstDelivery(event.eventId())) {
                apply(c.sessionId(), CheckInRules.sitter(c.sessionId(), c.moaas(), c.sitterPresent(), c.answeredAt()), c.answeredAt());
                answered(c.sessionId(), c.promptId(), CheckInPrompted.SITTER, c.answeredAt());
            }
        });
    }

    public void help(EventEnvelope<HelpRequested> event) {
        HelpRequested h = event.payload();
        RetryingTransaction.run(ATTEMPTS, PAUSE, () -> {
            if (processed.firstDelivery(event.eventId())) {
                // From vitals' receipt: the phone's own clock may be wrong.
                raiseAlert.raise(CheckInRules.helpRequested(h.sessionId(), h.requestedBy(), h.note() != null && !h.note().isBlank(),
                        h.receivedAt() != null ? h.receivedAt() : h.askedAt()), sessions.of(h.sessionId()));
            }
        });
    }

    public void sitterPresence(EventEnvelope<SitterPresenceChanged> event) {
        SitterPresenceChanged p = event.payload();
        RetryingTransaction.run(ATTEMPTS, PAUSE, () -> {
            if (processed.firstDelivery(event.eventId())) {
                // Only a change that happened after the one kept counts: a late retry of an older one changes nothing.
                int newest = entityManager.createNativeQuery("""
                                INSERT INTO sitter_presence (session_id, present, changed_at, received_at) VALUES (?1, ?2, ?3, ?4)
                                ON CONFLICT (session_id) DO UPDATE SET present = excluded.present,
                                    changed_at = excluded.changed_at, received_at = excluded.received_at
                                WHERE sitter_presence.changed_at < excluded.changed_at""")
                        .setParameter(1, p.sessionId()).setParameter(2, p.present()).setParameter(3, p.at())
                        .setParameter(4, p.receivedAt()).executeUpdate();
                if (newest == 1 && p.present()) {
                    raiseAlert.clear(p.sessionId(), TimedChecks.SITTER_AWAY);
                }
            }
        });
    }

    private void apply(String sessionId, RuleOutcome outcome, Instant answeredAt) {
        if (outcome.condition().isPresent()) {
            raiseAlert.raise(outcome.condition().get(), sessions.of(sessionId));
        } else if (outcome.clears()) {
            // An answer older than the one the alert shows (a late retry from the app) clears nothing.
            raiseAlert.clearAsOf(sessionId, outcome.rule(), answeredAt);
        }
    }

    /** An unresolved vital-sign alert of warning or worse whose condition no reading has shown gone. */
    private boolean vitalSignAlertOpen(String sessionId) {
        return alerts.unresolvedOf(sessionId).stream()
                .anyMatch(a -> a.clearedAt == null && NotOkWithVitalSign.isVitalSignAlert(a.rule, a.severity));
    }

    /** The prompt is answered; when none of the respondent's prompts is left unanswered, their missed check-in clears. */
    private void answered(String sessionId, String promptId, String respondent, Instant at) {
        if (promptId != null) {
            entityManager.createNativeQuery("""
                            INSERT INTO prompt_watch (prompt_id, session_id, respondent, sequence, due_at, answered_at)
                            VALUES (?1, ?2, ?3, 0, ?4, ?4)
                            ON CONFLICT (prompt_id) DO UPDATE SET answered_at = excluded.answered_at
                            WHERE prompt_watch.answered_at IS NULL""")
                    .setParameter(1, promptId).setParameter(2, sessionId).setParameter(3, respondent).setParameter(4, at)
                    .executeUpdate();
        }
        long stillOpen = ((Number) entityManager.createNativeQuery(
                        "SELECT count(*) FROM prompt_watch WHERE session_id = ?1 AND respondent = ?2 AND answered_at IS NULL")
                .setParameter(1, sessionId).setParameter(2, respondent).getSingleResult()).longValue();
        if (stillOpen == 0) {
            raiseAlert.clear(sessionId, TimedChecks.missedRule(respondent));
        }
    }
}
