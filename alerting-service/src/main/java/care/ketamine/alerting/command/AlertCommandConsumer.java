package care.ketamine.alerting.command;

import care.ketamine.alerting.alert.AlertActions;
import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.alerts.AlertCommand;
import care.ketamine.contracts.security.Roles;
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
 * applied as the REST API applies them. A command that cannot apply (no such alert, already
 * acknowledged, a clinician acting on another's alert) is counted and logged, not retried: the
 * console sees the alert's real state on alerts.events. An unreadable record goes to the DLQ.
 */
@ApplicationScoped
public class AlertCommandConsumer {

    private static final Set<String> ROLES = Set.of(Roles.CLINICIAN, Roles.ON_CALL, Roles.ADMIN);

    private final AlertActions actions;
    private final ProcessedEvents processed;
    private final MeterRegistry meters;

    public AlertCommandConsumer(AlertActions actions, ProcessedEvents processed, MeterRegistry meters) {
        this.actions = actions;
        this.processed = processed;
        this.meters = meters;
    }

    @Incoming("commands")
    @Blocking
    public void onCommand(String record) {
        EventEnvelope<AlertCommand> event = EventJson.read(record, AlertCommand.TYPE);
        AlertCommand command = event.payload();
        try {
            if (command.alertId() == null || command.actor() == null || !ROLES.contains(command.actorRole())) {
                throw new IllegalArgumentException("a command needs an alert id, an actor and a staff role");
            }
            AlertActions.Actor actor = new AlertActions.Actor(command.actor(), command.actorRole());
            // Recorded as processed in the transaction that applies it: a redelivery changes nothing.
            QuarkusTransaction.requiringNew().run(() -> {
                if (!processed.firstDelivery(event.eventId())) {
                    return;
                }
                switch (command.action()) {
                    case "ACKNOWLEDGE" -> actions.acknowledge(command.alertId(), actor, command.comment());
                    case "RESOLVE" -> actions.resolve(command.alertId(), actor, command.comment());
                    default -> throw new IllegalArgumentException("unknown action " + command.action());
                }
            });
            meters.counter("alerts.commands", "action", command.action(), "outcome", "applied").increment();
        } catch (ProblemException | IllegalArgumentException refused) {
            meters.counter("alerts.commands", "action", String.valueOf(command.action()), "outcome", "refused").increment();
            Log.warnf("alert command %s refused: %s", event.eventId(), refused instanceof ProblemException p
                    ? p.problem().detail() : refused.getMessage());
        }
    }
}
