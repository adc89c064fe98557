package care.ketamine.vitals.ingest;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.vitals.domain.DeviceClock;
import care.ketamine.vitals.domain.RuleBreach;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;

/**
 * One thing a device sent (a reading or a check-in), checked and ready to put on the broker.
 *
 * @param key         what makes it the same submission when sent again: {@code reading:<readingId>},
 *                    {@code check-in:<respondent>:<checkInId>}, {@code help:<requestedBy>:<helpId>} or
 *                    {@code sitter-presence:<presenceId>}
 * @param fingerprint its values; the same key with another fingerprint is a conflicting replay
 * @param takenAt     when it was measured or answered: never before the session's check-in
 * @param promptId    the check-in prompt it answers, or null
 * @param respondent  for a check-in, who answers ({@code patient} or {@code sitter}); for a help request, who asks;
 *                    null for a reading
 * @param event       what goes on {@code vitals.observations}; null when {@code breaches} is not empty
 * @param breaches    the rules it breaks; not empty means it is refused as it is
 * @param forDevice   for a reading whose shape depends on the device's kind: given the kind the screen found
 *                    (the paired device's, or {@code monitor}), the checked submission with its event; null when
 *                    the submission is complete as it is
 * @param clock       the device clock as the request read it (device time and receive time), or null
 */
public record Submission(String key, String fingerprint, Instant takenAt, String promptId, String respondent,
                         EventEnvelope<?> event, List<RuleBreach> breaches, Function<String, Submission> forDevice,
                         DeviceClock.Sample clock) {

    public Submission(String key, String fingerprint, Instant takenAt, String promptId, String respondent,
                      EventEnvelope<?> event, List<RuleBreach> breaches) {
        this(key, fingerprint, takenAt, promptId, respondent, event, breaches, null, null);
    }

    public static Submission refused(List<RuleBreach> breaches) {
        return new Submission(null, null, null, null, null, null, List.copyOf(breaches));
    }

    /** Waits for the device's kind: key, fingerprint and time are known, the checks and the event come with the kind. */
    public static Submission awaitingKind(String key, String fingerprint, Instant takenAt, DeviceClock.Sample clock,
                                          Function<String, Submission> forDevice) {
        return new Submission(key, fingerprint, takenAt, null, null, null, List.of(), forDevice, clock);
    }

    /** This submission as the device's kind makes it. */
    public Submission shapedFor(String deviceKind) {
        return forDevice == null || isRefused() ? this : forDevice.apply(deviceKind);
    }

    /** What it is, as an answer to the device names it: a reading, a check-in, a help request, a presence change. */
    public String noun() {
        return key == null ? "submission" : key.startsWith("help:") ? "help request" : key.startsWith("sitter-presence:") ? "presence change"
                : respondent == null ? "reading" : "check-in";
    }

    /** The request's field that says when it was taken, as a violation names it. */
    public String takenAtField() {
        return key == null ? "takenAt" : key.startsWith("help:") ? "askedAt" : key.startsWith("sitter-presence:") ? "at"
                : respondent == null ? "measuredAt" : "answeredAt";
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
