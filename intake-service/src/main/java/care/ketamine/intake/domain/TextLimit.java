package care.ketamine.intake.domain;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * How long a free-text field may be: in characters (Unicode code points, what a person counts) and
 * in UTF-8 bytes (what is stored and sent). Both hold, so that no field can carry an unbounded body
 * into the database or an event.
 */
public record TextLimit(int characters, int bytes) {

    public static final int NAME_CHARACTERS = 200;
    public static final int NAME_BYTES = 400;
    public static final int EMAIL_CHARACTERS = 254;
    public static final int EMAIL_BYTES = 254;
    public static final int ZONE_CHARACTERS = 64;
    public static final int ZONE_BYTES = 64;
    public static final int NOTE_CHARACTERS = 4000;
    public static final int NOTE_BYTES = 8000;

    /** Names, relationships, insurance payer and member id. */
    public static final TextLimit NAME = new TextLimit(NAME_CHARACTERS, NAME_BYTES);
    /** An email address (RFC 5321: 254 octets). */
    public static final TextLimit EMAIL = new TextLimit(EMAIL_CHARACTERS, EMAIL_BYTES);
    /** An IANA time zone id. */
    public static final TextLimit ZONE = new TextLimit(ZONE_CHARACTERS, ZONE_BYTES);
    /** A clinician's note or reason (evaluation note, discharge reason). */
    public static final TextLimit NOTE = new TextLimit(NOTE_CHARACTERS, NOTE_BYTES);

    /** The rule the value breaks; empty when it fits (or is null: required is another rule). */
    public Optional<String> breach(String value) {
        if (value == null) {
            return Optional.empty();
        }
        // Cheap bound first: a string longer than the byte limit in UTF-16 units cannot fit.
        if (value.length() > bytes || value.codePointCount(0, value.length()) > characters
                || value.getBytes(StandardCharsets.UTF_8).length > bytes) {
            return Optional.of(rule());
        }
        return Optional.empty();
    }

    public String rule() {
        return "must be at most " + characters + " characters and " + bytes + " bytes (UTF-8)";
    }
}
