package care.ketamine.alerting.alert;

import care.ketamine.alerting.audit.ActionAudit;
import care.ketamine.alerting.escalation.Escalation;
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
    private final Escalation escalation;
    private final Clock clock;
    private final Timer timeToAcknowledge;
    private final MeterRegistry meters;
    private final ActionAudit audit;

    public AlertActions(AlertRepository alerts, AlertEvents events, Escalation escalation, Clock clock, MeterRegistry meters,
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

    /** Who acts: their id and the role they act in. */
    public record Actor(String id, String role) {
    }

    /**
     * Who acknowledged or resolved an alert in PagerDuty, as the alert records it: {@code pagerduty:<their name there>}.
     * Such an action is not told back to PagerDuty.
     */
    public static final String PAGERDUTY = "pagerduty:";

    @Transactional
    public AlertView acknowledge(UUID alertId, Actor actor, String comment) {
        return acknowledge(alertId, actor, comment, false);
    }

    /**
     * Someone acknowledged the alert's incident in PagerDuty (its signed webhook): PagerDuty was paged about the alert,
     * so it may act on it, as on-call staff, whoever it then called.
     */
    @Transactional
    public AlertView acknowledgeInPagerDuty(UUID alertId, String user, String comment) {
        return acknowledge(alertId, new Actor(PAGERDUTY + user, Roles.ON_CALL), comment, true);
    }

    /** Someone resolved the alert's incident in PagerDuty; as {@link #acknowledgeInPagerDuty}. */
    @Transactional
    public AlertView resolveInPagerDuty(UUID alertId, String user, String comment) {
        return resolve(alertId, new Actor(PAGERDUTY + user, Roles.ON_CALL), comment, true);
    }

    private AlertView acknowledge(UUID alertId, Actor actor, String comment, boolean inPagerDuty) {
        String text = comment(comment, false);
        Alert alert = inPagerDuty ? pagedThroughPagerDuty(alertId) : mayAct(alertId, actor, "alert.acknowledge");
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
        return resolve(alertId, actor, comment, false);
    }

    private AlertView resolve(UUID alertId, Actor actor, String comment, boolean inPagerDuty) {
        String why = comment(comment, true);
        Alert alert = inPagerDuty ? pagedThroughPagerDuty(alertId) : mayAct(alertId, actor, "alert.resolve");
        if (alert.status == AlertStatus.RESOLVED) {
            throw new ProblemException(Response.Status.CONFLICT, "The alert is already resolved by " + alert.resolvedBy);
        }
        resolve(alert, actor.id(), why);
        return AlertView.of(alert);
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
        if (!new Viewer(actor.id(), actor.role()).sees(alert, alerts.notifiedStaff(alertId))) {
            audit.denied(actor.id(), actor.role(), action, alertId.toString());
            throw new ProblemException(Response.Status.FORBIDDEN,
                    "Only the session's clinician, on-call staff notified of this alert or an admin may act on it");
        }
        return alert;
    }

    /** PagerDuty acts only on the alerts it was paged about. */
    private Alert pagedThroughPagerDuty(UUID alertId) {
        Alert alert = alerts.findByIdOptional(alertId).orElseThrow(() -> ProblemException.notFound("Alert " + alertId));
        if (!alerts.pagedThrough(alertId, "pagerduty")) {
            throw new ProblemException(Response.Status.FORBIDDEN, "The alert was not paged through PagerDuty");
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
