package care.ketamine.contracts.vitals;

import care.ketamine.contracts.EventType;

import java.time.Instant;

/**
 * The sitter told their app that they stepped out of the home (out of voice range) or came back. On
 * {@code vitals.observations}, keyed by the session. Several may arrive out of the order of {@code at}
 * (an app retrying late): the newest {@code at} is where the sitter is.
 *
 * @param presenceId the app's own id for this change; sent again, it is the same change
 * @param present    true: back with the patient; false: stepped out
 * @param at         when it happened, by the app's clock
 */
public record SitterPresenceChanged(String presenceId, String sessionId, String deviceId, boolean present, Instant at,
                                    Instant receivedAt) {

    public static final EventType<SitterPresenceChanged> TYPE =
            new EventType<>("sitter.presence", 1, SitterPresenceChanged.class);
}
