package care.ketamine.alerting.alert;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventType;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.alerts.AlertSnapshot;
import care.ketamine.platform.notify.PostgresNotifications;
import care.ketamine.platform.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;

/**
 * Tells the world an alert changed, in the transaction that changed it: the event goes on
 * {@code alerts.events} through the outbox, and live alert streams on every replica are told its
 * id by NOTIFY when the transaction commits, and read it.
 */
@ApplicationScoped
public class AlertEvents {

    /**
     * The NOTIFY channel of alert changes; the payload is the alert's id, never its content: PostgreSQL refuses a
     * payload of 8,000 bytes or more, which comments and resolutions typed by staff could exceed (and fail the change).
     */
    public static final String CHANNEL = "alerts";

    /**
     * An alert changed, observed in the changing transaction (synchronously) by whatever must follow it there, e.g.
     * PagerDuty's incident being acknowledged or resolved too.
     */
    public record Changed(Alert alert, EventType<AlertSnapshot> what) {
    }

    private final Outbox outbox;
    private final AlertRepository alerts;
    private final EntityManager entityManager;
    private final Clock clock;
    private final Event<Changed> changed;

    public AlertEvents(Outbox outbox, AlertRepository alerts, EntityManager entityManager, Clock clock, Event<Changed> changed) {
        this.outbox = outbox;
        this.alerts = alerts;
        this.entityManager = entityManager;
        this.clock = clock;
        this.changed = changed;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void changed(Alert alert, EventType<AlertSnapshot> what) {
        alerts.flush(); // the version the event carries is the one committed
        outbox.append(Topics.ALERTS_EVENTS, EventEnvelope.wrap(what, alert.sessionId, snapshot(alert), clock));
        PostgresNotifications.send(entityManager, CHANNEL, alert.id.toString());
        changed.fire(new Changed(alert, what));
    }

    static AlertSnapshot snapshot(Alert a) {
        return new AlertSnapshot(a.id, a.sessionId, a.patientId, a.clinicianId, a.rule, a.severity.name(), a.status.name(),
                a.summary, a.latestValue, a.worstValue, a.occurrences, a.reopenings, a.openedAt, a.lastSeenAt,
                a.escalationStep, a.acknowledgedBy, a.acknowledgedAt, a.acknowledgement, a.resolvedBy, a.resolvedAt,
                a.resolution, a.version);
    }
}
