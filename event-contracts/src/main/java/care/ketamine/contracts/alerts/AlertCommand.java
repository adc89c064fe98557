package care.ketamine.contracts.alerts;

import care.ketamine.contracts.EventType;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * A person acted from the console (session-service), on {@code alerts.commands}: on an alert (key alertId), or on
 * their own browser's Web Push subscription (key: the person's staff id). alerting-service applies it as if it came
 * over its own REST API, as the person the token names: it verifies the token itself (signature, issuer, audience,
 * expiry at the command's time, and that it was signed for this alert, or this browser's endpoint, and this action)
 * and takes who acted and in which role from it, never from the record, so a record written to the broker by anyone
 * else changes nothing. Schema 2: schema 1 named the actor in plain fields, and alerting refuses it.
 *
 * @param alertId          the alert acted on; null for {@link #PUSH_SUBSCRIBE} and {@link #PUSH_UNSUBSCRIBE}
 * @param action           ACKNOWLEDGE, RESOLVE, RECEIVED (the person's console shows a page sent to them: its delivery
 *                         receipt), PUSH_SUBSCRIBE (page this browser by Web Push) or PUSH_UNSUBSCRIBE (stop)
 * @param comment          required to resolve
 * @param token            signed by session-service for the signed-in person and this action, and for this alert
 *                         (claim {@value #ALERT_CLAIM}) or, for the push actions, this endpoint (claim
 *                         {@value #PUSH_ENDPOINT_CLAIM}: {@link #endpointDigest}); audience alert-commands, valid for
 *                         {@link #TOKEN_LIFETIME}; never the person's own sign-in token, which would be a credential on
 *                         the topic
 * @param notificationId   for RECEIVED, the page (a notification of this alert to this person) the console shows; else
 *                         null, and absent from records written before it was added
 * @param pushSubscription for PUSH_SUBSCRIBE the browser's subscription; for PUSH_UNSUBSCRIBE its endpoint alone; else
 *                         null, and absent from records written before it was added
 */
public record AlertCommand(UUID alertId, String action, String comment, String token, UUID notificationId,
                           PushSubscription pushSubscription) {

    public AlertCommand(UUID alertId, String action, String comment, String token) {
        this(alertId, action, comment, token, null, null);
    }

    public AlertCommand(UUID alertId, String action, String comment, String token, UUID notificationId) {
        this(alertId, action, comment, token, notificationId, null);
    }

    /**
     * A browser's Web Push subscription (its {@code PushSubscription.toJSON()}): where its push service takes messages,
     * and the keys (base64url) to encrypt them to. The endpoint is the browser's secret address: never logged.
     */
    public record PushSubscription(String endpoint, String p256dh, String auth) {
    }

    public static final String RECEIVED = "RECEIVED";
    public static final String PUSH_SUBSCRIBE = "PUSH_SUBSCRIBE";
    public static final String PUSH_UNSUBSCRIBE = "PUSH_UNSUBSCRIBE";

    public static final String ALERT_CLAIM = "alert_id";
    public static final String ACTION_CLAIM = "action";
    /** The push actions' token is bound to one endpoint: it cannot be replayed for another browser. */
    public static final String PUSH_ENDPOINT_CLAIM = "push_endpoint";
    public static final java.time.Duration TOKEN_LIFETIME = java.time.Duration.ofMinutes(5);

    public static final EventType<AlertCommand> TYPE = new EventType<>("alert.command", 2, AlertCommand.class);

    /** The {@value #PUSH_ENDPOINT_CLAIM} claim for an endpoint: its SHA-256, lower-case hex (the endpoint itself stays out of the token). */
    public static String endpointDigest(String endpoint) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(String.valueOf(endpoint).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
