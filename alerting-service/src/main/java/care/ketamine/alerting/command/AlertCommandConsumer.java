package care.ketamine.alerting.command;

import care.ketamine.alerting.alert.AlertActions;
import care.ketamine.alerting.audit.ActionAudit;
import care.ketamine.alerting.notification.DeliveryReceipts;
import care.ketamine.alerting.notificationlog.Notification;
import care.ketamine.alerting.push.PushChannel;
import care.ketamine.alerting.push.PushRegistration;
import care.ketamine.alerting.push.PushSubscriptions;
import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.alerts.AlertCommand;
import care.ketamine.platform.consumer.EventHandlers;
import care.ketamine.platform.consumer.EventRefused;
import care.ketamine.platform.consumer.ProcessedEvents;
import care.ketamine.platform.problem.ProblemException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.ws.rs.core.Response;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.Optional;
import java.util.Set;

/**
 * Acknowledgements, resolutions and page receipts (a page shown on its person's console) from the console
 * (session-service) on {@code alerts.commands}, applied as the REST API applies them, as the person the command's token
 * names ({@link CommandTokens}) and only if that person may act on the alert; and a person's browser registered for Web
 * Push pages, or let go, as the push API does it for them ({@link PushRegistration}). A newly registered browser gets a
 * test page at once: the console waits for it, and that is how the person learns pages reach the device.
 *
 * <p>A command that cannot apply (no valid token, no such alert, already acknowledged, not the actor's alert, another
 * person's browser) is counted, logged without its comment, token or endpoint, and not retried: the console sees the
 * alert's real state on alerts.events, and a browser not registered gets no test page ({@link EventRefused}). A command
 * applied is recorded as processed in the transaction that applies it, so a redelivery changes nothing; an alert
 * changed meanwhile by an evaluation is tried again in a new transaction, and a database outage is waited out
 * ({@link EventHandlers}). An unreadable record goes to the DLQ. Nothing a record says stops the consumer.
 */
@ApplicationScoped
public class AlertCommandConsumer {

    private static final Set<String> ALERT_ACTIONS = Set.of("ACKNOWLEDGE", "RESOLVE", AlertCommand.RECEIVED);
    private static final Set<String> PUSH_ACTIONS = Set.of(AlertCommand.PUSH_SUBSCRIBE, AlertCommand.PUSH_UNSUBSCRIBE);

    private final AlertActions actions;
    private final DeliveryReceipts receipts;
    private final PushRegistration registration;
    private final PushChannel push;
    private final CommandTokens tokens;
    private final ActionAudit audit;
    private final MeterRegistry meters;
    private final Event<Applied> applied;
    private final EventHandlers handlers;

    public AlertCommandConsumer(AlertActions actions, DeliveryReceipts receipts, PushRegistration registration, PushChannel push,
                                CommandTokens tokens, ProcessedEvents processed, ActionAudit audit, MeterRegistry meters,
                                Event<Applied> applied, @Channel("commands-dead-letters") MutinyEmitter<String> deadLetterTopic) {
        this.actions = actions;
        this.receipts = receipts;
        this.registration = registration;
        this.push = push;
        this.tokens = tokens;
        this.audit = audit;
        this.meters = meters;
        this.applied = applied;
        this.handlers = EventHandlers.forConsumer("alerting-commands", deadLetterTopic, meters)
                .skippingRepeats(processed)
                .on(AlertCommand.TYPE, this::command);
    }

    /** A command applied, for what follows its commit. */
    record Applied(String action, PushSubscriptions.Subscription registered) {
    }

    @Incoming("commands")
    @Blocking
    public void onCommand(ConsumerRecord<String, String> record) {
        handlers.handle(record);
    }

    private void command(EventEnvelope<AlertCommand> event) {
        AlertCommand command = event.payload();
        boolean onPush = PUSH_ACTIONS.contains(command.action());
        String action = onPush || ALERT_ACTIONS.contains(command.action()) ? command.action() : "unknown";
        if ("unknown".equals(action)) {
            throw refused(event, action, "refused", "a command is ACKNOWLEDGE, RESOLVE, RECEIVED, PUSH_SUBSCRIBE or PUSH_UNSUBSCRIBE");
        }
        if (onPush ? command.alertId() != null || command.pushSubscription() == null : command.alertId() == null) {
            throw refused(event, action, "refused", onPush ? "a push command names a browser's subscription and no alert"
                    : "a command on an alert needs the alert's id");
        }
        AlertActions.Actor actor;
        try {
            actor = tokens.actor(command, event.occurredAt());
        } catch (CommandTokens.Unverified unverified) {
            audit.denied("unverified", "none", onPush ? "push.command" : "alert.command",
                    onPush ? null : command.alertId().toString());
            throw refused(event, action, "unverified", unverified.getMessage());
        }
        PushSubscriptions.Subscription registered = null;
        try {
            switch (action) {
                case AlertCommand.RECEIVED -> received(command, actor);
                case "ACKNOWLEDGE" -> actions.acknowledge(command.alertId(), actor, command.comment());
                case "RESOLVE" -> actions.resolve(command.alertId(), actor, command.comment());
                case AlertCommand.PUSH_UNSUBSCRIBE ->
                        registration.unsubscribe(actor.id(), actor.role(), command.pushSubscription().endpoint());
                case AlertCommand.PUSH_SUBSCRIBE -> {
                    AlertCommand.PushSubscription browser = command.pushSubscription();
                    registered = registration.subscribe(actor.id(), actor.role(), browser.endpoint(), browser.p256dh(),
                            browser.auth(), Response.Status.FORBIDDEN);
                }
                default -> throw new IllegalStateException("unknown action " + action);
            }
        } catch (ProblemException refused) {
            throw refused(event, action, refused.problem().status() == 403 ? "forbidden" : "refused", refused.problem().detail());
        }
        applied.fire(new Applied(action, registered));
    }

    /** After the commit: the browser is registered whether or not its push service takes the test page now. */
    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) Applied command) {
        meters.counter("alerts.commands", "action", command.action(), "outcome", "applied").increment();
        PushSubscriptions.Subscription registered = command.registered();
        if (registered != null) {
            Optional<String> notSent = push.confirm(registered);
            meters.counter("alerts.push.confirmations", "outcome", notSent.isEmpty() ? "sent" : "not-sent").increment();
            notSent.ifPresent(why -> Log.warnf("push subscription %s of %s registered, test page not sent: %s",
                    registered.id(), registered.staffId(), why));
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

    /** Counts and logs the refusal; thrown, it rolls back the command's transaction and ends its handling. */
    private EventRefused refused(EventEnvelope<AlertCommand> event, String action, String outcome, String why) {
        meters.counter("alerts.commands", "action", action, "outcome", outcome).increment();
        AlertCommand command = event.payload();
        Log.warnf("alert command %s (%s) %s: %s", event.eventId(),
                command.alertId() != null ? "alert " + command.alertId() : "person " + event.aggregateId(), outcome, why);
        return new EventRefused("alert command " + outcome);
    }
}
