package care.ketamine.platform.security;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Outside the development profiles a service starts only with its own keys and issuer. */
class TrustedKeysTest {

    private static final String DEV_KEY = "file:/repo/deploy/local/dev-keys/public.pem";
    private static final String DEV_ISSUER = "https://ketamine.local/dev";
    private static final String REAL_KEY = "https://idp.clinic.example/jwks.json";
    private static final String REAL_ISSUER = "https://idp.clinic.example";

    static Stream<Arguments> settings() {
        return Stream.of(
                Arguments.of(List.of("prod"), Map.of(), List.of("no key to verify tokens with: set jwt.public-key.location",
                        "no trusted issuer: set jwt.issuer")),
                Arguments.of(List.of("prod"), Map.of("mp.jwt.verify.publickey.location", DEV_KEY,
                        "mp.jwt.verify.issuer", DEV_ISSUER), List.of("points at the development key", "the development issuer")),
                Arguments.of(List.of("prod"), Map.of("mp.jwt.verify.publickey.location", REAL_KEY,
                        "mp.jwt.verify.issuer", REAL_ISSUER), List.of()),
                Arguments.of(List.of("prod"), Map.of("mp.jwt.verify.publickey.location", REAL_KEY,
                        "mp.jwt.verify.issuer", REAL_ISSUER, "smallrye.jwt.sign.key.location", "file:deploy/local/dev-keys/private.pem"),
                        List.of("jwt.private-key.location points at the development key")),
                Arguments.of(List.of("staging"), Map.of("mp.jwt.verify.publickey", "MIIB...", "mp.jwt.verify.issuer", REAL_ISSUER),
                        List.of()),
                Arguments.of(List.of("local"), Map.of("mp.jwt.verify.publickey.location", DEV_KEY,
                        "mp.jwt.verify.issuer", DEV_ISSUER), List.of()),
                Arguments.of(List.of("test"), Map.of(), List.of()),
                Arguments.of(List.of("dev"), Map.of(), List.of()));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("settings")
    void shouldRefuseMissingOrDevelopmentKeysOutsideDevelopment(List<String> profiles, Map<String, String> config,
                                                                List<String> expected) {
        List<String> problems = TrustedKeys.problems(profiles, name -> Optional.ofNullable(config.get(name)));

        assertThat(problems).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(problems.get(i)).contains(expected.get(i));
        }
    }
}
