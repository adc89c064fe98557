package care.ketamine.contracts.alerts;

import care.ketamine.contracts.EventType;

import java.util.UUID;

/**
 * A person acted on an alert from the console (session-service), on {@code alerts.commands}
 * (key alertId). alerting-service applies it as if it came over its own REST API, as the person
 * the token names: it verifies the token itself (signature, issuer, expiry at the command's time)
 * and takes who acted and in which role from it, never from the record, so a record written to the
 * broker by anyone else changes nothing. Schema 2: schema 1 named the actor in plain fields, and
 * alerting refuses it.
 *
 * @param action  ACKNOWLEDGE or RESOLVE
 * @param comment required to resolve
 * @param token   the caller's own signed JWT, as the console received it (the sign-in cookie or Bearer)
 */
public record AlertCommand(UUID alertId, String action, String comment, String token) {

    public static final EventType<AlertCommand> TYPE = new EventType<>("alert.command", 2, AlertCommand.class);
}
