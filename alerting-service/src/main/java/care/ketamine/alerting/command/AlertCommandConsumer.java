package care.ketamine.alerting.command;

import care.ketamine.alerting.alert.AlertActions;
import care.ketamine.alerting.alert.ChangedMeanwhile;
import care.ketamine.alerting.audit.ActionAudit;
import care.ketamine.alerting.notification.DeliveryReceipts;
import care.ketamine.alerting.notification.Notification;
import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.alerts.AlertCommand;
import care.ketamine.platform.consumer.ProcessedEvents;
import care.ketamine.platform.problem.ProblemException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.Set;

/**
 * Acknowledgements, resolutions and page receipts (a page shown on its person's console) from the console (session-service) on {@code alerts.commands},
 * applied as the REST API applies them, as the person the command's token names
 * ({@link CommandTokens}) and only if that person may act on the alert. A command that cannot apply
 * (no valid token, no such alert, already acknowledged, not the actor's alert) is counted, logged
 * without its comment or token, and not retried: the console sees the alert's real state on
 * alerts.events. An unreadable record goes to the DLQ. Nothing a record says stops the consumer.
 */
@ApplicationScoped
public class AlertCommandConsumer {

    private static final Set<String> ACTIONS = Set.of("ACKNOWLEDGE", "RESOLVE", AlertCommand.RECEIVED);

    private final AlertActions actions;
    private final DeliveryReceipts receipts;
    private final CommandTokens tokens;
    private final ProcessedEvents processed;
    private final ActionAudit audit;
    private final MeterRegistry meters;

    public AlertCommandConsumer(AlertActions actions, DeliveryReceipts receipts, CommandTokens tokens, ProcessedEvents processed, ActionAudit audit,
                                MeterRegistry meters) {
        this.actions = actions;
        this.receipts = receipts;
        this.tokens = tokens;
        this.processed = processed;
        this.audit = audit;
        this.meters = meters;
    }

    @Incoming("commands")
    @Blocking
    public void onCommand(String record) {
        EventEnvelope<AlertCommand> event = EventJson.read(record, AlertCommand.TYPE);
        AlertCommand command = event.payload();
        String action = ACTIONS.contains(command.action()) ? command.action() : "unknown";
        if (command.alertId() == null || "unknown".equals(action)) {
            refused(event, action, "refused", "a command needs an alert id and ACKNOWLEDGE, RESOLVE or RECEIVED");
            return;
        }
        AlertActions.Actor actor;
        try {
            actor = tokens.actor(command, event.occurredAt());
        } catch (CommandTokens.Unverified unverified) {
            audit.denied("unverified", "none", "alert.command", command.alertId().toString());
            refused(event, action, "unverified", unverified.getMessage());
            return;
        }
        try {
            // Recorded as processed in the transaction that applies it: a redelivery changes nothing.
            ChangedMeanwhile.tryAgain(() -> QuarkusTransaction.requiringNew().run(() -> {
                if (!processed.firstDelivery(event.eventId())) {
                    return;
                }
                if (AlertCommand.RECEIVED.equals(action)) {
                    received(command, actor);
                } else if ("ACKNOWLEDGE".equals(action)) {
                    actions.acknowledge(command.alertId(), actor, command.comment());
                } else {
                    actions.resolve(command.alertId(), actor, command.comment());
                }
            }));
            meters.counter("alerts.commands", "action", action, "outcome", "applied").increment();
        } catch (ProblemException refused) {
            refused(event, action, refused.problem().status() == 403 ? "forbidden" : "refused", refused.problem().detail());
        }
    }

    /** The person's console shows a page sent to them: delivered, if the page is theirs and of this alert. */
    private void received(AlertCommand command, AlertActions.Actor actor) {
        Notification page = command.notificationId() == null ? null
                : receipts.find(command.notificationId()).orElse(null);
        if (page == null || !page.alertId.equals(command.alertId())) {
            throw ProblemException.notFound("notification " + command.notificationId() + " of alert " + command.alertId());
        }
        if (!page.recipient.equals(actor.id())) {
            audit.denied(actor.id(), actor.role(), "notification.received", String.valueOf(command.notificationId()));
            throw new ProblemException(Response.Status.FORBIDDEN, "the page was for someone else");
        }
        receipts.delivered(page.id, "shown on " + actor.id() + "'s console");
    }

    private void refused(EventEnvelope<AlertCommand> event, String action, String outcome, String why) {
        meters.counter("alerts.commands", "action", action, "outcome", outcome).increment();
        Log.warnf("alert command %s (alert %s) %s: %s", event.eventId(), event.payload().alertId(), outcome, why);
    }
}
