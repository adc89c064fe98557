package care.ketamine.contracts.alerts;

import care.ketamine.contracts.EventType;

import java.util.UUID;

/**
 * A person acted on an alert from the console (session-service), on {@code alerts.commands}
 * (key alertId). alerting-service applies it as if it came over its own REST API.
 *
 * @param action    ACKNOWLEDGE or RESOLVE
 * @param actorRole the role the person acted in (clinician, on-call, admin)
 * @param comment   required to resolve
 */
public record AlertCommand(UUID alertId, String action, String actor, String actorRole, String comment) {

    public static final EventType<AlertCommand> TYPE = new EventType<>("alert.command", 1, AlertCommand.class);
}
