package care.ketamine.platform.security;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Only the one canonical spelling of a compact JWS reaches signature verification. */
class TokenFormTest {

    private static final String HEADER = b64("{\"alg\":\"RS256\",\"typ\":\"JWT\"}");
    private static final String CLAIMS = b64("{\"sub\":\"device-1\",\"exp\":4102444800}");
    // 5 bytes: 7 characters, the last carrying 2 unused bits that must be zero.
    private static final String SIGNATURE = b64("sig!!");
    private static final String TOKEN = HEADER + "." + CLAIMS + "." + SIGNATURE;

    static Stream<Arguments> tokens() {
        char last = SIGNATURE.charAt(SIGNATURE.length() - 1);
        String sameBytesOtherSpelling = TOKEN.substring(0, TOKEN.length() - 1) + (char) (last + 1);
        return Stream.of(
                Arguments.of("canonical", TOKEN, null),
                Arguments.of("padded", TOKEN + "=", "not three base64url segments"),
                Arguments.of("padded segment", HEADER + "=." + CLAIMS + "." + SIGNATURE, "not three base64url segments"),
                Arguments.of("space inside", HEADER + "." + CLAIMS + " ." + SIGNATURE, "not three base64url segments"),
                Arguments.of("standard alphabet", TOKEN.replace('-', '+') + "+", "not three base64url segments"),
                Arguments.of("two segments", HEADER + "." + CLAIMS, "not three base64url segments"),
                Arguments.of("four segments", TOKEN + ".x", "not three base64url segments"),
                Arguments.of("impossible length", TOKEN + "AA", "a segment is not canonical base64url"),
                Arguments.of("unused bits set", sameBytesOtherSpelling, "a segment is not canonical base64url"),
                Arguments.of("oversized", HEADER + "." + "A".repeat(TokenForm.MAX_CHARACTERS) + "." + SIGNATURE,
                        "token longer than 8192 characters"),
                Arguments.of("empty", "", "no token"),
                Arguments.of("missing", null, "no token"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tokens")
    void shouldAcceptOnlyTheCanonicalForm(String name, String token, String problem) {
        assertThat(TokenForm.problem(token)).isEqualTo(problem);
    }

    private static String b64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
