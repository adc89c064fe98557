package care.ketamine.vitals.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The ranges of check-in answers. Patient: the brief dissociation check adapted from CADSS items
 * (each 0-4, as CADSS items are rated; an adaptation, not the validated scale), nausea and anxiety
 * 0-10, and "I am OK". Sitter: MOAA/S 0-5 as observed (clinical reference, "Instruments") and
 * whether they are present. Answers out of range are refused with every reason, never clamped.
 */
public final class CheckInRules {

    private final Clock clock;
    private final Duration maxFutureSkew;

    public CheckInRules(Clock clock, Duration maxFutureSkew) {
        this.clock = clock;
        this.maxFutureSkew = maxFutureSkew;
    }

    public List<RuleBreach> checkPatient(String checkInId, Integer unreality, Integer bodyDisconnection,
                                         Integer timeDistortion, Integer nausea, Integer anxiety, Boolean feelsOk,
                                         Instant answeredAt) {
        List<RuleBreach> breaches = common(checkInId, answeredAt);
        range(breaches, "unreality", unreality, 0, 4);
        range(breaches, "bodyDisconnection", bodyDisconnection, 0, 4);
        range(breaches, "timeDistortion", timeDistortion, 0, 4);
        range(breaches, "nausea", nausea, 0, 10);
        range(breaches, "anxiety", anxiety, 0, 10);
        required(breaches, "feelsOk", feelsOk);
        return breaches;
    }

    public List<RuleBreach> checkSitter(String checkInId, Integer moaas, Boolean sitterPresent, Instant answeredAt) {
        List<RuleBreach> breaches = common(checkInId, answeredAt);
        range(breaches, "moaas", moaas, 0, 5);
        required(breaches, "sitterPresent", sitterPresent);
        return breaches;
    }

    private List<RuleBreach> common(String checkInId, Instant answeredAt) {
        List<RuleBreach> breaches = new ArrayList<>();
        if (checkInId == null || checkInId.isBlank()) {
            breaches.add(new RuleBreach("checkInId", "is required"));
        } else if (checkInId.length() > ReadingPlausibility.MAX_READING_ID_LENGTH) {
            breaches.add(new RuleBreach("checkInId", "must be at most " + ReadingPlausibility.MAX_READING_ID_LENGTH + " characters"));
        }
        if (answeredAt == null) {
            breaches.add(new RuleBreach("answeredAt", "is required"));
        } else if (answeredAt.isAfter(clock.instant().plus(maxFutureSkew))) {
            breaches.add(new RuleBreach("answeredAt", "may be at most " + maxFutureSkew.toSeconds() + " s in the future"));
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
