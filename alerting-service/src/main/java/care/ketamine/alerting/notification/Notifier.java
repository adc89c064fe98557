package care.ketamine.alerting.notification;

import care.ketamine.alerting.alert.Alert;
import care.ketamine.alerting.alert.AlertRepository;
import care.ketamine.alerting.contact.StaffContact;
import care.ketamine.alerting.contact.StaffContacts;
import care.ketamine.alerting.domain.DeliveryPlan;
import care.ketamine.alerting.domain.EscalationPolicy;
import care.ketamine.alerting.domain.OnCallRoster;
import care.ketamine.alerting.oncall.Roster;
import care.ketamine.alerting.session.SessionWatches;
import care.ketamine.alerting.system.PageGrouping;
import care.ketamine.alerting.system.SystemAlerts;
import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.alerts.NotificationOutcome;
import care.ketamine.contracts.security.Roles;
import care.ketamine.platform.json.StoredJson;
import care.ketamine.platform.outbox.Outbox;
import care.ketamine.platform.tracing.TraceContext;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.All;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
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
import java.util.function.Function;
import java.util.stream.Collectors;

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

    private final Map<String, NotificationChannel> channels;
    private final DeliveryPlans plans;
    private final SitterCheck sitterCheck;
    private final StaffContacts contacts;
    private final Roster roster;
    private final SessionWatches sessions;
    private final AlertRepository alerts;
    private final Outbox outbox;
    private final StoredJson json;
    private final EntityManager entityManager;
    private final Event<Queued> queued;
    private final Clock clock;
    private final MeterRegistry meters;
    @Inject
    PageGrouping pageGrouping;

    public Notifier(@All List<NotificationChannel> channels, DeliveryPlans plans, SitterCheck sitterCheck, StaffContacts contacts, Roster roster, SessionWatches sessions, AlertRepository alerts,
                    Outbox outbox, StoredJson json, EntityManager entityManager, Event<Queued> queued, Clock clock,
                    MeterRegistry meters) {
        this.channels = channels.stream().collect(Collectors.toMap(NotificationChannel::name, Function.identity()));
        this.plans = plans;
        this.sitterCheck = sitterCheck;
        this.contacts = contacts;
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
        Optional<UUID> groupedUnder = pageGrouping.groupedUnder(alert);
        if (groupedUnder.isPresent()) {
            Log.debugf("alert %s not paged: grouped under system alert %s", alert.id, groupedUnder.get());
            meters.counter("alerts.pages.grouped").increment();
            return;
        }
        Instant now = clock.instant();
        String notificationKind = switch (kind) {
            case FIRST -> alerts.unresolvedOf(alert.sessionId).stream().anyMatch(other -> !other.id.equals(alert.id))
                    ? "UPDATE" : "PAGE";
            default -> kind.name();
        };
        List<Recipient> recipients = recipients(alert, step.target(), now);
        if (recipients.isEmpty()) {
            unrouted(alert, step, notificationKind, reason, now);
            return;
        }
        for (Recipient recipient : recipients) {
            queue(alert, step, notificationKind, recipient, reason, payload(alert, step, notificationKind, recipient, reason), now);
        }
        if (kind == Kind.FIRST) {
            sitterCheck.ask(alert);
        }
    }

    /**
     * A page again about an acknowledged alert (a REPAGE, or a CONFIRMED finding), to whoever acknowledged it, in
     * the role they acted in, as step 0 of the alert's current round, saying why, reached as {@code delivery} says (the
     * severity's first step's plan; null: the clinic's default).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void repage(Alert alert, String acknowledgedBy, String acknowledgedRole, String reason, Kind kind,
                       DeliveryPlan delivery) {
        Instant now = clock.instant();
        String role = acknowledgedRole != null ? acknowledgedRole
                : acknowledgedBy.equals(alert.clinicianId) ? Roles.CLINICIAN : Roles.ON_CALL;
        Recipient recipient = new Recipient(acknowledgedBy, role, "acknowledged the alert");
        EscalationPolicy.Step step = new EscalationPolicy.Step(0, Duration.ZERO, EscalationPolicy.Target.CLINICIAN, null,
                delivery);
        queue(alert, step, kind.name(), recipient, reason, payload(alert, step, kind.name(), recipient, reason), now);
    }

    /**
     * One notification per channel of the step's delivery plan, each due that long after now; a channel the person
     * has no address for is recorded as skipped, saying so.
     */
    private void queue(Alert alert, EscalationPolicy.Step step, String kind, Recipient recipient, String reason,
                       Map<String, Object> payload, Instant now) {
        String body = json.write(payload);
        StaffContact person = contacts.of(recipient.id());
        for (DeliveryPlan.Attempt attempt : plans.of(step)) {
            Optional<String> address = channels.get(attempt.channel()).addressOf(person);
            entityManager.createNativeQuery("""
                            INSERT INTO notification (id, alert_id, session_id, round, step, kind, channel, recipient,
                                                      recipient_role, status, attempts, next_attempt_at, payload, created_at,
                                                      reason, address, last_error, trace_parent)
                            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 0, ?11, ?12, ?13, ?14, ?15, ?16, ?17)
                            ON CONFLICT DO NOTHING""")
                    .setParameter(1, UUID.randomUUID()).setParameter(2, alert.id).setParameter(3, alert.sessionId)
                    .setParameter(4, alert.escalationRound).setParameter(5, step.number()).setParameter(6, kind)
                    .setParameter(7, attempt.channel()).setParameter(8, recipient.id())
                    .setParameter(9, recipient.role()).setParameter(10, address.isPresent() ? "PENDING" : "SKIPPED")
                    .setParameter(11, now.plus(attempt.after())).setParameter(12, body).setParameter(13, now)
                    .setParameter(14, reason).setParameter(15, address.orElse(null))
                    .setParameter(16, address.isPresent() ? null : "no address on file for " + attempt.channel())
                    .setParameter(17, TraceContext.currentTraceParent())
                    .executeUpdate();
        }
        queued.fire(new Queued());
    }

    /** Who a step reaches now: the session's clinician, or the person on call for the tier. */
    record Recipient(String id, String role, String source) {
    }

    /**
     * Whom a step reaches now: the session's clinician, or the person on call for the tier. A system alert reaches
     * the clinic's operators, else whoever is on call at tier 2, then tier 1.
     */
    private List<Recipient> recipients(Alert alert, EscalationPolicy.Target target, Instant now) {
        if (SystemAlerts.isSystem(alert.sessionId)) {
            List<Recipient> operators = contacts.operators().stream()
                    .map(o -> new Recipient(o.staffId(), Roles.ADMIN, "an operator")).toList();
            return !operators.isEmpty() ? operators : onCall(2, now).or(() -> onCall(1, now)).stream().toList();
        }
        return switch (target) {
            case CLINICIAN -> alert.clinicianId != null
                    ? List.of(new Recipient(alert.clinicianId, Roles.CLINICIAN, "the session's clinician"))
                    // A session alerting has not heard of yet has no known clinician: on-call tier 1 takes it.
                    : onCall(1, now).stream().toList();
            case ON_CALL_TIER_1 -> onCall(1, now).stream().toList();
            case ON_CALL_TIER_2 -> onCall(2, now).stream().toList();
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
