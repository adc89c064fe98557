package care.ketamine.platform.problem;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The limits of what people type, checked before anything is stored or published. Each kind of
 * field has a maximum in characters (what the API documents) and in UTF-8 bytes (four per
 * character at most, so a wall of emoji is held to the same storage as plain text).
 */
public enum FreeText {

    /** Names, labels, ids a person chooses: a line. */
    NAME(200),
    /** Reasons and comments: a paragraph. */
    REASON(1_000),
    /** Notes and instructions: a page. */
    NOTE(4_000);

    public final int maxCharacters;
    public final int maxBytes;

    FreeText(int maxCharacters) {
        this.maxCharacters = maxCharacters;
        this.maxBytes = 4 * maxCharacters;
    }

    /** The violation when the value is too long, or null; an absent value is the caller's rule. */
    public Problem.Violation check(String field, String value) {
        return fits(value) ? null : new Problem.Violation(field, rule());
    }

    /** True for an absent value or one within both limits. */
    public boolean fits(String value) {
        return value == null || value.codePointCount(0, value.length()) <= maxCharacters
                && value.getBytes(StandardCharsets.UTF_8).length <= maxBytes;
    }

    /** The limit, as a violation states it. */
    public String rule() {
        return "at most " + maxCharacters + " characters (" + maxBytes + " bytes in UTF-8)";
    }

    /** Collects the violations of several fields and refuses them together. */
    public static final class Fields {
        private final List<Problem.Violation> violations = new ArrayList<>();

        public Fields check(FreeText kind, String field, String value) {
            Problem.Violation violation = kind.check(field, value);
            if (violation != null) {
                violations.add(violation);
            }
            return this;
        }

        /** 400 with every field that is too long; nothing has been stored. */
        public void orRefuse(String detail) {
            if (!violations.isEmpty()) {
                throw ProblemException.invalid(detail, violations);
            }
        }
    }

    public static Fields fields() {
        return new Fields();
    }
}
