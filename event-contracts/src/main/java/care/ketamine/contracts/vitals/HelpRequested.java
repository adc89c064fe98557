package care.ketamine.contracts.vitals;

import care.ketamine.contracts.EventType;

import java.time.Instant;

/**
 * The patient or the sitter pressed "I need help" in their app. On {@code vitals.observations}, keyed by
 * the session, so it stays in order with the session's readings and check-ins.
 *
 * @param helpId      the app's own id for this request; sent again, it is the same request
 * @param requestedBy {@link CheckInPrompted#PATIENT} or {@link CheckInPrompted#SITTER}
 * @param deviceId    the paired device or phone it came from
 * @param askedAt     when the person asked, by the app's clock
 * @param note        what they typed, at most {@link #NOTE_CHARACTERS} characters; null when nothing
 */
public record HelpRequested(String helpId, String sessionId, String requestedBy, String deviceId, Instant askedAt,
                            String note, Instant receivedAt) {

    public static final int NOTE_CHARACTERS = 200;

    public static final EventType<HelpRequested> TYPE = new EventType<>("help.requested", 1, HelpRequested.class);
}
