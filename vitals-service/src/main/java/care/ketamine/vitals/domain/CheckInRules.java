package care.ketamine.vitals.domain;

import care.ketamine.contracts.vitals.HelpRequested;
import care.ketamine.platform.problem.FreeText;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The ranges of check-in answers. Patient: the brief dissociation check adapted from CADSS items
 * (each 0-4, as CADSS items are rated; an adaptation, not the validated scale), nausea and anxiety
 * 0-10, and "I am OK". Sitter: MOAA/S 0-5 as observed (clinical reference, "Instruments") and
 * whether they are present. Answers out of range are refused with every reason, never clamped. A help request
 * and the sitter's step out or back carry the same id and time rules, under their own field names.
 */
public final class CheckInRules {

    /** What a person may type with a help request: a line or two (the app shows the count). */
    public static final FreeText HELP_NOTE = new FreeText(HelpRequested.NOTE_CHARACTERS, 4 * HelpRequested.NOTE_CHARACTERS);

    private final Clock clock;
    private final Duration maxFutureSkew;

    public CheckInRules(Clock clock, Duration maxFutureSkew) {
        this.clock = clock;
        this.maxFutureSkew = maxFutureSkew;
    }

    public List<RuleBreach> checkPatient(String checkInId, String promptId, Integer unreality, Integer bodyDisconnection,
                                         Integer timeDistortion, Integer nausea, Integer anxiety, Boolean feelsOk,
                                         Instant answeredAt) {
        List<RuleBreach> breaches = common(checkInId, promptId, answeredAt);
        range(breaches, "unreality", unreality, 0, 4);
        range(breaches, "bodyDisconnection", bodyDisconnection, 0, 4);
        range(breaches, "timeDistortion", timeDistortion, 0, 4);
        range(breaches, "nausea", nausea, 0, 10);
        range(breaches, "anxiety", anxiety, 0, 10);
        required(breaches, "feelsOk", feelsOk);
        return breaches;
    }

    public List<RuleBreach> checkSitter(String checkInId, String promptId, Integer moaas, Boolean sitterPresent,
                                        Instant answeredAt) {
        List<RuleBreach> breaches = common(checkInId, promptId, answeredAt);
        range(breaches, "moaas", moaas, 0, 5);
        required(breaches, "sitterPresent", sitterPresent);
        return breaches;
    }

    /** "I need help": the app's id and when they asked; a note is optional and at most {@link #HELP_NOTE} long. */
    /**
     * A help request's id and note. Its askedAt is only required, never bounded: a phone whose clock is wrong must
     * still get help called, so the request counts from when the server received it.
     */
    public List<RuleBreach> checkHelp(String helpId, Instant askedAt, String note) {
        List<RuleBreach> breaches = new ArrayList<>();
        DeviceGivenId.check(breaches, "helpId", helpId);
        required(breaches, "askedAt", askedAt);
        if (!HELP_NOTE.fits(note)) {
            breaches.add(new RuleBreach("note", HELP_NOTE.rule()));
        }
        return breaches;
    }

    /** The sitter stepped out or came back: the app's id, which, and when. */
    public List<RuleBreach> checkSitterPresence(String presenceId, Boolean present, Instant at) {
        List<RuleBreach> breaches = idAndTime("presenceId", presenceId, "at", at);
        required(breaches, "present", present);
        return breaches;
    }

    /** The check-in's id and time; the prompt it answers is optional, but is looked up when given. */
    private List<RuleBreach> common(String checkInId, String promptId, Instant answeredAt) {
        List<RuleBreach> breaches = idAndTime("checkInId", checkInId, "answeredAt", answeredAt);
        if (promptId != null) {
            DeviceGivenId.check(breaches, "promptId", promptId);
        }
        return breaches;
    }

    private List<RuleBreach> idAndTime(String idField, String id, String timeField, Instant at) {
        List<RuleBreach> breaches = new ArrayList<>();
        DeviceGivenId.check(breaches, idField, id);
        if (at == null) {
            breaches.add(new RuleBreach(timeField, "is required"));
        } else if (at.isAfter(clock.instant().plus(maxFutureSkew))) {
            breaches.add(new RuleBreach(timeField, "may be at most " + maxFutureSkew.toSeconds() + " s in the future"));
        }
        return breaches;
    }

    private static void range(List<RuleBreach> breaches, String field, Integer value, int min, int max) {
        if (value == null) {
            breaches.add(new RuleBreach(field, "is required"));
        } else if (value < min || value > max) {
            breaches.add(new RuleBreach(field, "must be between " + min + " and " + max));
        }
    }

    private static void required(List<RuleBreach> breaches, String field, Object value) {
        if (value == null) {
            breaches.add(new RuleBreach(field, "is required"));
        }
    }
}
