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

    @org.junit.jupiter.api.Test
    void shouldRecogniseTheDevelopmentKeysByTheirContentWhereverTheyAreMounted() throws Exception {
        java.nio.file.Path keys = java.nio.file.Path.of("../deploy/local/dev-keys"); // the module folder is the working directory
        java.nio.file.Path mounted = java.nio.file.Files.createTempDirectory("mounted-secret");
        try {
            java.nio.file.Path publicKey = java.nio.file.Files.copy(keys.resolve("public.pem"), mounted.resolve("public.pem"));
            java.nio.file.Path privateKey = java.nio.file.Files.copy(keys.resolve("private.pem"), mounted.resolve("key.pem"));
            Map<String, String> config = Map.of(
                    "mp.jwt.verify.publickey.location", "file:" + publicKey,
                    "mp.jwt.verify.issuer", REAL_ISSUER,
                    "smallrye.jwt.sign.key.location", privateKey.toString());
            List<String> problems = TrustedKeys.problems(List.of("prod"), name -> Optional.ofNullable(config.get(name)));

            assertThat(problems).hasSize(2);
            assertThat(problems.get(0)).contains("jwt.public-key.location points at the development key");
            assertThat(problems.get(1)).contains("jwt.private-key.location points at the development key");
            assertThat(TrustedKeys.isDevelopmentKey(java.nio.file.Files.readString(publicKey))).as("inline PEM").isTrue();
            assertThat(TrustedKeys.isDevelopmentKey(REAL_KEY)).as("a URL is not fetched").isFalse();
        } finally {
            try (Stream<java.nio.file.Path> files = java.nio.file.Files.list(mounted)) {
                files.forEach(file -> file.toFile().delete());
            }
            java.nio.file.Files.delete(mounted);
        }
    }

    @org.junit.jupiter.api.Test
    void shouldAcceptAKeyOfItsOwn() throws Exception {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String pem = "-----BEGIN PUBLIC KEY-----\n" + java.util.Base64.getMimeEncoder()
                .encodeToString(generator.generateKeyPair().getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";

        assertThat(TrustedKeys.isDevelopmentKey(pem)).isFalse();
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
