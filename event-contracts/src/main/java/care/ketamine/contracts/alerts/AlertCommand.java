package care.ketamine.contracts.alerts;

import care.ketamine.contracts.EventType;

import java.util.UUID;

/**
 * A person acted on an alert from the console (session-service), on {@code alerts.commands}
 * (key alertId). alerting-service applies it as if it came over its own REST API, as the person
 * the token names: it verifies the token itself (signature, issuer, audience, expiry at the
 * command's time, and that it was signed for this alert and this action) and takes who acted and in
 * which role from it, never from the record, so a record written to the broker by anyone else
 * changes nothing. Schema 2: schema 1 named the actor in plain fields, and alerting refuses it.
 *
 * @param action  ACKNOWLEDGE, RESOLVE, or RECEIVED (the person's console shows a page sent to them: its delivery receipt)
 * @param comment required to resolve
 * @param token   signed by session-service for the signed-in person, this alert and this action
 *                (audience alert-commands, claims alert_id and action, valid for {@link #TOKEN_LIFETIME});
 *                never the person's own sign-in token, which would be a credential on the topic
 * @param notificationId for RECEIVED, the page (a notification of this alert to this person) the console shows; else
 *                       null, and absent from records written before it was added
 */
public record AlertCommand(UUID alertId, String action, String comment, String token, UUID notificationId) {

    public AlertCommand(UUID alertId, String action, String comment, String token) {
        this(alertId, action, comment, token, null);
    }

    public static final String RECEIVED = "RECEIVED";

    public static final String ALERT_CLAIM = "alert_id";
    public static final String ACTION_CLAIM = "action";
    public static final java.time.Duration TOKEN_LIFETIME = java.time.Duration.ofMinutes(5);

    public static final EventType<AlertCommand> TYPE = new EventType<>("alert.command", 2, AlertCommand.class);
}
