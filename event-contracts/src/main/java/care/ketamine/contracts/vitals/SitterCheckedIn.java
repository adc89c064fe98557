package care.ketamine.contracts.vitals;

import care.ketamine.contracts.EventType;

import java.time.Instant;

/**
 * The sitter (peer treatment monitor) looked in on the patient and answered a check-in.
 *
 * @param promptId      the prompt this answers; null for a check-in the sitter started
 * @param moaas         MOAA/S as the sitter observed it, 0 (no response) - 5 (responds readily to name)
 * @param sitterPresent whether the sitter is in the home, within voice range
 */
public record SitterCheckedIn(String checkInId, String promptId, String sessionId, String deviceId, int moaas,
                              boolean sitterPresent, Instant answeredAt, Instant receivedAt) {

    public static final EventType<SitterCheckedIn> TYPE = new EventType<>("check-in.sitter", 1, SitterCheckedIn.class);
}
