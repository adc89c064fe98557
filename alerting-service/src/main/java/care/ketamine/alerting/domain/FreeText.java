package care.ketamine.alerting.domain;

import java.nio.charset.StandardCharsets;

/**
 * How much free text a field takes: at most so many characters (Unicode code points) and so many
 * bytes in UTF-8, both, so that neither many short characters nor a few wide ones store more than
 * the field is for. Checked before anything is stored.
 */
public record FreeText(int maxCharacters, int maxBytes) {

    /** An acknowledgement's or resolution's comment. */
    public static final FreeText COMMENT = new FreeText(2000, 6000);
    /** A person's or a rotation's id, a rotation member. */
    public static final FreeText NAME = new FreeText(200, 600);
    /** Why an on-call override was made. */
    public static final FreeText REASON = new FreeText(500, 1500);
    /** What an escalation step asks its recipient to do. */
    public static final FreeText INSTRUCTION = new FreeText(500, 1500);
    /** A session id or rule name in a query. */
    public static final FreeText FILTER = new FreeText(200, 600);

    public boolean fits(String text) {
        return text == null || (text.codePointCount(0, text.length()) <= maxCharacters
                && (text.length() * 3L <= maxBytes || text.getBytes(StandardCharsets.UTF_8).length <= maxBytes));
    }

    /** The rule as a violation states it. */
    public String rule() {
        return "must be at most " + maxCharacters + " characters and " + maxBytes + " bytes (UTF-8)";
    }
}
