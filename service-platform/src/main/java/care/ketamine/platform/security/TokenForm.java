package care.ketamine.platform.security;

import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The shape a bearer token must have before anyone spends a signature check on it: a compact JWS
 * of three base64url segments, alphabet only, no padding, each segment the one canonical encoding
 * of its bytes, and at most {@link #MAX_CHARACTERS} long. jose4j's decoder skips characters outside
 * the alphabet and ignores a last character's unused bits, so without this one valid token has
 * countless spellings, each a new entry in a cache keyed by the text.
 */
public final class TokenForm {

    /** Far above any token this system issues (about 1 KB) or an identity provider's usual ones. */
    public static final int MAX_CHARACTERS = 8 * 1024;

    private static final Pattern COMPACT_JWS = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private TokenForm() {
    }

    /** Why the token is refused before verification, or null when its form is canonical. */
    public static String problem(String token) {
        if (token == null || token.isEmpty()) {
            return "no token";
        }
        if (token.length() > MAX_CHARACTERS) {
            return "token longer than " + MAX_CHARACTERS + " characters";
        }
        if (!COMPACT_JWS.matcher(token).matches()) {
            return "not three base64url segments";
        }
        for (String segment : token.split("\\.")) {
            if (!canonical(segment)) {
                return "a segment is not canonical base64url";
            }
        }
        return null;
    }

    private static boolean canonical(String segment) {
        if (segment.length() % 4 == 1) {
            return false;
        }
        try {
            return ENCODER.encodeToString(DECODER.decode(segment)).equals(segment);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
