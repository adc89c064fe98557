package care.ketamine.platform.problem;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The limit of what people type into one kind of field, checked before anything is stored or
 * published: at most so many characters (Unicode code points, what a person counts and what the API
 * documents) and so many UTF-8 bytes (what is stored and sent), both, so that neither many narrow
 * characters nor a few wide ones carry more than the field is for. The kinds below are the ones
 * shared across services; a field with its own documented limit declares one with {@code new
 * FreeText(...)} next to it. Plain Java, so domain rules may use {@link #fits} and {@link #rule}; a request
 * record declares a field's kind with {@link TextLimit}.
 */
public record FreeText(int maxCharacters, int maxBytes) {

    // Compile-time constants so that OpenAPI annotations can state the limits.
    public static final int NAME_CHARACTERS = 200;
    public static final int NAME_BYTES = 400;
    public static final int EMAIL_CHARACTERS = 254;
    public static final int EMAIL_BYTES = 254;
    public static final int ZONE_CHARACTERS = 64;
    public static final int ZONE_BYTES = 64;
    public static final int REASON_CHARACTERS = 1_000;
    public static final int REASON_BYTES = 4_000;
    public static final int NOTE_CHARACTERS = 4_000;
    public static final int NOTE_BYTES = 8_000;

    /** Names, labels, ids a person chooses, query filters: a line. */
    public static final FreeText NAME = new FreeText(NAME_CHARACTERS, NAME_BYTES);
    /** An email address (RFC 5321: 254 octets). */
    public static final FreeText EMAIL = new FreeText(EMAIL_CHARACTERS, EMAIL_BYTES);
    /** An IANA time zone id. */
    public static final FreeText ZONE = new FreeText(ZONE_CHARACTERS, ZONE_BYTES);
    /** Reasons: a paragraph. */
    public static final FreeText REASON = new FreeText(REASON_CHARACTERS, REASON_BYTES);
    /** A clinician's notes: a page. */
    public static final FreeText NOTE = new FreeText(NOTE_CHARACTERS, NOTE_BYTES);

    public FreeText {
        if (maxCharacters < 1 || maxBytes < maxCharacters) {
            throw new IllegalArgumentException("A limit needs at least one character and at least a byte per character");
        }
    }

    /** True for an absent value (whether it is required is the caller's rule) or one within both limits. */
    public boolean fits(String value) {
        if (value == null) {
            return true;
        }
        // Every UTF-16 unit is at least one UTF-8 byte, and none is more than three.
        if (value.length() > maxBytes) {
            return false;
        }
        return value.codePointCount(0, value.length()) <= maxCharacters
                && (3L * value.length() <= maxBytes || value.getBytes(StandardCharsets.UTF_8).length <= maxBytes);
    }

    /** The limit, as a violation states it. */
    public String rule() {
        return "at most " + maxCharacters + " characters and " + maxBytes + " bytes (UTF-8)";
    }

    /** The violation when the value is too long, or null. */
    public Problem.Violation check(String field, String value) {
        return fits(value) ? null : new Problem.Violation(field, rule());
    }

    /** 400 problem+json naming the field and its limit when the value is too long. */
    public void refuseIfTooLong(String field, String value, String detail) {
        fields().check(this, field, value).orRefuse(detail);
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
