package care.ketamine.alerting.command;

import care.ketamine.alerting.alert.AlertActions;
import care.ketamine.alerting.alert.ChangedMeanwhile;
import care.ketamine.alerting.audit.ActionAudit;
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
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.Set;

/**
 * Acknowledgements and resolutions from the console (session-service) on {@code alerts.commands},
 * applied as the REST API applies them, as the person the command's token names
 * ({@link CommandTokens}) and only if that person may act on the alert. A command that cannot apply
 * (no valid token, no such alert, already acknowledged, not the actor's alert) is counted, logged
 * without its comment or token, and not retried: the console sees the alert's real state on
 * alerts.events. An unreadable record goes to the DLQ. Nothing a record says stops the consumer.
 */
@ApplicationScoped
public class AlertCommandConsumer {

    private static final Set<String> ACTIONS = Set.of("ACKNOWLEDGE", "RESOLVE");

    private final AlertActions actions;
    private final CommandTokens tokens;
    private final ProcessedEvents processed;
    private final ActionAudit audit;
    private final MeterRegistry meters;

    public AlertCommandConsumer(AlertActions actions, CommandTokens tokens, ProcessedEvents processed, ActionAudit audit,
                                MeterRegistry meters) {
        this.actions = actions;
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
            refused(event, action, "refused", "a command needs an alert id and ACKNOWLEDGE or RESOLVE");
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
                if ("ACKNOWLEDGE".equals(action)) {
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

    private void refused(EventEnvelope<AlertCommand> event, String action, String outcome, String why) {
        meters.counter("alerts.commands", "action", action, "outcome", outcome).increment();
        Log.warnf("alert command %s (alert %s) %s: %s", event.eventId(), event.payload().alertId(), outcome, why);
    }
}
