package care.ketamine.vitals.domain;

import java.util.List;

/**
 * The rule for an id a device or the phone app chooses itself (a reading's, a check-in's, a sitter presence
 * change's): required, at most 100 characters, and no control characters (a NUL cannot be stored in a text
 * column at all; the others are no id a device would mean).
 */
public final class DeviceGivenId {

    public static final int MAX_LENGTH = 100;

    private DeviceGivenId() {
    }

    /** Adds what {@code id}, the value of {@code field}, breaks to {@code breaches}. */
    public static void check(List<RuleBreach> breaches, String field, String id) {
        if (id == null || id.isBlank()) {
            breaches.add(new RuleBreach(field, "is required"));
        } else if (id.length() > MAX_LENGTH) {
            breaches.add(new RuleBreach(field, "must be at most " + MAX_LENGTH + " characters"));
        } else if (id.chars().anyMatch(Character::isISOControl)) {
            breaches.add(new RuleBreach(field, "must not contain control characters"));
        }
    }

    /** Whether {@code id} keeps to the rule, so that it may be looked up before the other rules are checked. */
    public static boolean keepsTheRule(String id) {
        List<RuleBreach> breaches = new java.util.ArrayList<>();
        check(breaches, "id", id);
        return breaches.isEmpty();
    }
}
