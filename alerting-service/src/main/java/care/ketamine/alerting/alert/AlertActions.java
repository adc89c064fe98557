package care.ketamine.alerting.alert;

import care.ketamine.alerting.audit.ActionAudit;
import care.ketamine.contracts.alerts.AlertSnapshot;
import care.ketamine.contracts.security.Roles;
import care.ketamine.platform.problem.FreeText;
import care.ketamine.platform.problem.Problem;
import care.ketamine.platform.problem.ProblemException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Use cases: a person acknowledges an alert (OPEN to ACKNOWLEDGED: they own it, escalation stops until the
 * alert gets worse or stays unresolved too long, {@link care.ketamine.alerting.domain.RepagePolicy})
 * or resolves it (to RESOLVED, with why); a session that ends resolves its alerts by itself. The
 * same from the REST API and from the console's commands on {@code alerts.commands}.
 */
@ApplicationScoped
public class AlertActions {

    /** An acknowledgement's or resolution's comment: room for a short account of what was done. */
    static final FreeText COMMENT = new FreeText(2_000, 6_000);

    private final AlertRepository alerts;
    private final AlertEvents events;
    private final AlertEscalation escalation;
    private final Clock clock;
    private final Timer timeToAcknowledge;
    private final MeterRegistry meters;
    private final ActionAudit audit;

    public AlertActions(AlertRepository alerts, AlertEvents events, AlertEscalation escalation, Clock clock, MeterRegistry meters,
                        ActionAudit audit) {
        this.alerts = alerts;
        this.audit = audit;
        this.events = events;
        this.escalation = escalation;
        this.clock = clock;
        this.meters = meters;
        this.timeToAcknowledge = Timer.builder("alerts.time.to.acknowledge")
                .description("From an alert being raised (or reopened) to a person acknowledging it")
                .publishPercentiles(0.5, 0.9, 0.99)
                .register(meters);
    }

    /** Who acts: their id, the role they are recorded in and every role they hold. */
    public record Actor(String id, String role, Set<String> roles) {
    }

    /**
     * Who acknowledged or resolved an alert in PagerDuty, as the alert records it: {@code pagerduty:<their name there>}.
     * Such an action is not told back to PagerDuty.
     */
    public static final String PAGERDUTY = "pagerduty:";

    @Transactional
    public AlertView acknowledge(UUID alertId, Actor actor, String comment) {
        String text = comment(comment, false);
        return acknowledge(mayAct(alertId, actor, "alert.acknowledge"), actor, text);
    }

    /**
     * A responder acknowledged, in PagerDuty, the incident of round {@code round} of the alert (its signed webhook): by
     * the same rules as a person acknowledging, the responder acting on call as {@code pagerduty:<name>}, and counted as
     * notified of the alert when a page of that round went to PagerDuty. An alert in another round by now is refused
     * (409): the incident was of an opening that is over.
     */
    @Transactional
    public AlertView acknowledgeFromPagerDuty(UUID alertId, int round, String responder, String comment) {
        String text = comment(comment, false);
        Actor actor = pagerDutyResponder(responder);
        return acknowledge(mayActFromPagerDuty(alertId, round, actor, "alert.acknowledge"), actor, text);
    }

    private AlertView acknowledge(Alert alert, Actor actor, String text) {
        if (alert.status != AlertStatus.OPEN) {
            throw new ProblemException(Response.Status.CONFLICT, "The alert is " + alert.status.name().toLowerCase()
                    + (alert.status == AlertStatus.ACKNOWLEDGED ? " by " + alert.acknowledgedBy : "") + "; only an open alert can be acknowledged");
        }
        Instant now = clock.instant();
        alert.status = AlertStatus.ACKNOWLEDGED;
        alert.acknowledgedBy = actor.id();
        alert.acknowledgedAt = now;
        alert.acknowledgement = text;
        alert.acknowledgedRole = actor.role();
        alert.updatedAt = now;
        escalation.acknowledged(alert, now);
        timeToAcknowledge.record(Duration.between(alert.openedAt, now));
        events.changed(alert, AlertSnapshot.ACKNOWLEDGED);
        return AlertView.of(alert);
    }

    @Transactional
    public AlertView resolve(UUID alertId, Actor actor, String comment) {
        String why = comment(comment, true);
        return resolve(mayAct(alertId, actor, "alert.resolve"), actor, why);
    }

    /**
     * A responder resolved, in PagerDuty, the incident of round {@code round} of the alert: as
     * {@link #acknowledgeFromPagerDuty}, with a comment saying so. Only where the clinic lets PagerDuty resolve alerts.
     */
    @Transactional
    public AlertView resolveFromPagerDuty(UUID alertId, int round, String responder, String comment) {
        String why = comment(comment, true);
        Actor actor = pagerDutyResponder(responder);
        return resolve(mayActFromPagerDuty(alertId, round, actor, "alert.resolve"), actor, why);
    }

    private AlertView resolve(Alert alert, Actor actor, String why) {
        if (alert.status == AlertStatus.RESOLVED) {
            throw new ProblemException(Response.Status.CONFLICT, "The alert is already resolved by " + alert.resolvedBy);
        }
        resolve(alert, actor.id(), why);
        return AlertView.of(alert);
    }

    /** A PagerDuty responder, as our alerts name them: on call, {@code pagerduty:<their name there>}. */
    private static Actor pagerDutyResponder(String name) {
        return new Actor(PAGERDUTY + name, Roles.ON_CALL, Set.of(Roles.ON_CALL));
    }

    private void resolve(Alert alert, String by, String why) {
        Instant now = clock.instant();
        alert.status = AlertStatus.RESOLVED;
        alert.resolvedBy = by;
        alert.resolvedAt = now;
        alert.resolution = why;
        alert.updatedAt = now;
        escalation.stop(alert);
        events.changed(alert, AlertSnapshot.RESOLVED);
    }

    /**
     * Whoever may see an alert may act on it, and no one else: a clinician on their own sessions' alerts,
     * on-call staff on the alerts they were notified of, admins on all ({@link Viewer}). A refusal is audited.
     */
    private Alert mayAct(UUID alertId, Actor actor, String action) {
        Alert alert = alerts.findByIdOptional(alertId).orElseThrow(() -> ProblemException.notFound("Alert " + alertId));
        return seenBy(alert, actor, alerts.notifiedStaff(alertId), action);
    }

    /**
     * As {@link #mayAct}, for a PagerDuty responder: PagerDuty stands for whoever our step paged through it, so its
     * responder counts as notified of the alert when a page of this round went there, and of nothing else.
     */
    private Alert mayActFromPagerDuty(UUID alertId, int round, Actor responder, String action) {
        Alert alert = alerts.findByIdOptional(alertId).orElseThrow(() -> ProblemException.notFound("Alert " + alertId));
        List<String> notified = alerts.pagedThrough(alertId, round, "pagerduty") ? List.of(responder.id()) : List.of();
        seenBy(alert, responder, notified, action);
        if (alert.escalationRound != round) {
            throw new ProblemException(Response.Status.CONFLICT, "The PagerDuty incident is of round " + round
                    + " of the alert, which is in round " + alert.escalationRound + " now");
        }
        return alert;
    }

    private Alert seenBy(Alert alert, Actor actor, List<String> notified, String action) {
        if (!Viewer.of(actor.id(), actor.roles()).sees(alert, notified)) {
            audit.denied(actor.id(), actor.role(), action, alert.id.toString());
            throw new ProblemException(Response.Status.FORBIDDEN,
                    "Only the session's clinician, on-call staff notified of this alert or an admin may act on it");
        }
        return alert;
    }

    private static String comment(String comment, boolean required) {
        String text = comment == null ? null : comment.strip();
        if (required && (text == null || text.isEmpty())) {
            throw ProblemException.invalid("Say why the alert is resolved",
                    List.of(new Problem.Violation("comment", "is required to resolve an alert")));
        }
        COMMENT.refuseIfTooLong("comment", text, "The comment is too long");
        return text == null || text.isEmpty() ? null : text;
    }
}
