package care.ketamine.vitals.ingest;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.vitals.domain.RuleBreach;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * One thing a device sent (a reading or a check-in), checked and ready to put on the broker.
 *
 * @param key         what makes it the same submission when sent again: {@code reading:<readingId>} or
 *                    {@code check-in:<checkInId>}
 * @param fingerprint its values; the same key with another fingerprint is a conflicting replay
 * @param takenAt     when it was measured or answered: never before the session's check-in
 * @param promptId    the check-in prompt it answers, or null
 * @param respondent  for a check-in, who answers ({@code patient} or {@code sitter}); null for a reading
 * @param event       what goes on {@code vitals.observations}; null when {@code breaches} is not empty
 * @param breaches    the rules it breaks; not empty means it is refused as it is
 */
public record Submission(String key, String fingerprint, Instant takenAt, String promptId, String respondent,
                         EventEnvelope<?> event, List<RuleBreach> breaches) {

    public static Submission refused(List<RuleBreach> breaches) {
        return new Submission(null, null, null, null, null, null, List.copyOf(breaches));
    }

    public boolean isRefused() {
        return !breaches.isEmpty();
    }

    /** A stable digest of the values a device sent, in a fixed order. */
    public static String fingerprint(Object... values) {
        StringBuilder canonical = new StringBuilder();
        for (Object value : values) {
            canonical.append(value).append('\u001f');
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
