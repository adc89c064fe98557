package care.ketamine.alerting.notification;

import care.ketamine.alerting.alert.Alert;
import care.ketamine.alerting.alert.AlertRepository;
import care.ketamine.alerting.domain.EscalationPolicy;
import care.ketamine.alerting.domain.OnCallRoster;
import care.ketamine.alerting.oncall.Roster;
import care.ketamine.alerting.session.SessionWatches;
import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.alerts.NotificationOutcome;
import care.ketamine.contracts.security.Roles;
import care.ketamine.platform.json.StoredJson;
import care.ketamine.platform.outbox.Outbox;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.All;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Queues the notifications of one escalation step: for the person the step targets (the session's
 * clinician, or whoever is on call for the tier now), one per enabled channel. The first
 * notification of an alert is a PAGE, or an UPDATE when the session already has another unresolved
 * alert, so a session with many problems pages once and then updates. A REPAGE goes to whoever
 * acknowledged an alert that got worse or stayed unresolved too long. Every notification says why it
 * was sent ({@code reason}). Delivery is the
 * {@link NotificationDispatcher}'s, after the transaction commits.
 */
@ApplicationScoped
public class Notifier {

    /** FIRST: step 0 of a (re)opened alert. ESCALATION: a later step. */
    /** Why a notification goes: an alert's first page, a step of its escalation, a re-page, a confirmation. */
    public enum Kind { FIRST, ESCALATION, REPAGE, CONFIRMED }

    /** Fired when notifications were queued, so the dispatcher runs right after the commit. */
    public record Queued() {
    }

    private final List<NotificationChannel> channels;
    private final Roster roster;
    private final SessionWatches sessions;
    private final AlertRepository alerts;
    private final Outbox outbox;
    private final StoredJson json;
    private final EntityManager entityManager;
    private final Event<Queued> queued;
    private final Clock clock;
    private final MeterRegistry meters;

    public Notifier(@All List<NotificationChannel> channels, Roster roster, SessionWatches sessions, AlertRepository alerts,
                    Outbox outbox, StoredJson json, EntityManager entityManager, Event<Queued> queued, Clock clock,
                    MeterRegistry meters) {
        this.channels = channels;
        this.roster = roster;
        this.sessions = sessions;
        this.alerts = alerts;
        this.outbox = outbox;
        this.json = json;
        this.entityManager = entityManager;
        this.queued = queued;
        this.clock = clock;
        this.meters = meters;
    }

    /**
     * @param reason why it is sent, as the recipient reads it: raised, reopened, not acknowledged, or the
     *               re-page's reason for the steps that follow a re-page
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void notifyStep(Alert alert, EscalationPolicy.Step step, Kind kind, String reason) {
        Instant now = clock.instant();
        String notificationKind = switch (kind) {
            case FIRST -> alerts.unresolvedOf(alert.sessionId).stream().anyMatch(other -> !other.id.equals(alert.id))
                    ? "UPDATE" : "PAGE";
            default -> kind.name();
        };
        Optional<Recipient> recipient = recipient(alert, step.target(), now);
        if (recipient.isEmpty()) {
            unrouted(alert, step, notificationKind, reason, now);
            return;
        }
        queue(alert, step.number(), notificationKind, recipient.get(), reason,
                payload(alert, step, notificationKind, recipient.get(), reason), now);
    }

    /**
     * A page again about an acknowledged alert (a REPAGE, or a CONFIRMED finding), to whoever acknowledged it, in
     * the role they acted in, as step 0 of the alert's current round, saying why.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void repage(Alert alert, String acknowledgedBy, String acknowledgedRole, String reason, Kind kind) {
        Instant now = clock.instant();
        String role = acknowledgedRole != null ? acknowledgedRole
                : acknowledgedBy.equals(alert.clinicianId) ? Roles.CLINICIAN : Roles.ON_CALL;
        Recipient recipient = new Recipient(acknowledgedBy, role, "acknowledged the alert");
        EscalationPolicy.Step step = new EscalationPolicy.Step(0, Duration.ZERO, EscalationPolicy.Target.CLINICIAN, null);
        queue(alert, 0, kind.name(), recipient, reason, payload(alert, step, kind.name(), recipient, reason), now);
    }

    private void queue(Alert alert, int step, String kind, Recipient recipient, String reason, Map<String, Object> payload,
                       Instant now) {
        String body = json.write(payload);
        for (NotificationChannel channel : channels) {
            if (channel.enabled()) {
                entityManager.createNativeQuery("""
                                INSERT INTO notification (id, alert_id, session_id, round, step, kind, channel, recipient,
                                                          recipient_role, status, attempts, next_attempt_at, payload, created_at,
                                                          reason)
                                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'PENDING', 0, ?10, ?11, ?10, ?12)
                                ON CONFLICT DO NOTHING""")
                        .setParameter(1, UUID.randomUUID()).setParameter(2, alert.id).setParameter(3, alert.sessionId)
                        .setParameter(4, alert.escalationRound).setParameter(5, step).setParameter(6, kind)
                        .setParameter(7, channel.name()).setParameter(8, recipient.id())
                        .setParameter(9, recipient.role()).setParameter(10, now).setParameter(11, body)
                        .setParameter(12, reason).executeUpdate();
            }
        }
        queued.fire(new Queued());
    }

    /** Who a step reaches now: the session's clinician, or the person on call for the tier. */
    record Recipient(String id, String role, String source) {
    }

    private Optional<Recipient> recipient(Alert alert, EscalationPolicy.Target target, Instant now) {
        return switch (target) {
            case CLINICIAN -> alert.clinicianId != null
                    ? Optional.of(new Recipient(alert.clinicianId, Roles.CLINICIAN, "the session's clinician"))
                    // A session alerting has not heard of yet has no known clinician: on-call tier 1 takes it.
                    : onCall(1, now);
            case ON_CALL_TIER_1 -> onCall(1, now);
            case ON_CALL_TIER_2 -> onCall(2, now);
        };
    }

    private Optional<Recipient> onCall(int tier, Instant now) {
        return roster.current().onCall(tier, now).map((OnCallRoster.Shift shift) ->
                new Recipient(shift.staffId(), Roles.ON_CALL, "on call, tier " + tier + " (" + shift.source() + ")"));
    }

    private Map<String, Object> payload(Alert alert, EscalationPolicy.Step step, String kind, Recipient recipient,
                                        String reason) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("kind", kind);
        payload.put("reason", reason);
        payload.put("alertId", alert.id);
        payload.put("sessionId", alert.sessionId);
        payload.put("rule", alert.rule);
        payload.put("severity", alert.severity.name());
        payload.put("summary", alert.summary);
        payload.put("latestValue", alert.latestValue);
        payload.put("worstValue", alert.worstValue);
        payload.put("occurrences", alert.occurrences);
        payload.put("openedAt", alert.openedAt);
        if (alert.measuredMinutesAgo != null) {
            payload.put("measuredMinutesAgo", alert.measuredMinutesAgo);
        }
        payload.put("escalationStep", step.number());
        payload.put("recipient", recipient.id());
        payload.put("recipientRole", recipient.role());
        payload.put("why", recipient.source());
        if (step.instruction() != null) {
            payload.put("instruction", step.instruction());
            sessions.contacts(alert.sessionId).ifPresent(contacts -> {
                payload.put("sitter", contacts.sitter());
                payload.put("emergencyContact", contacts.emergencyContact());
            });
        }
        if (step.emergency()) {
            // Where to send help; "not on file" said aloud rather than left out.
            payload.put("dosingAddress", "not on file");
            sessions.dosingAddress(alert.sessionId).ifPresent(at -> {
                payload.put("dosingAddress", at.address().oneLine());
                payload.put("dosingAddressParts", at.address());
                payload.put("addressConfirmedAt", at.confirmedAt());
                payload.put("confirmedBy", at.confirmedBy());
                payload.put("emergencyNumber", at.address().emergencyNumber());
            });
        }
        return payload;
    }

    /** Nobody to tell: recorded as a failed notification and an event, loudly, never silently dropped. */
    private void unrouted(Alert alert, EscalationPolicy.Step step, String kind, String reason, Instant now) {
        String recipient = "nobody-on-call-" + step.target().name().toLowerCase(java.util.Locale.ROOT);
        String error = "no one is on call for " + step.target().name();
        UUID id = UUID.randomUUID();
        int inserted = entityManager.createNativeQuery("""
                        INSERT INTO notification (id, alert_id, session_id, round, step, kind, channel, recipient, recipient_role,
                                                  status, attempts, last_error, payload, created_at, reason)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'none', ?7, 'on-call', 'FAILED', 0, ?8, '{}', ?9, ?10) ON CONFLICT DO NOTHING""")
                .setParameter(1, id).setParameter(2, alert.id).setParameter(3, alert.sessionId)
                .setParameter(4, alert.escalationRound).setParameter(5, step.number()).setParameter(6, kind)
                .setParameter(7, recipient).setParameter(8, error).setParameter(9, now).setParameter(10, reason).executeUpdate();
        if (inserted == 1) {
            meters.counter("alerts.notifications.unrouted", "target", step.target().name()).increment();
            outbox.append(Topics.ALERTS_EVENTS, EventEnvelope.wrap(NotificationOutcome.FAILED, alert.sessionId,
                    new NotificationOutcome(id, alert.id, alert.sessionId, step.number(), kind, recipient, "on-call", "none", 0,
                            error, now), clock));
        }
    }
}
