package care.ketamine.platform.security;

import care.ketamine.contracts.security.DevelopmentTokens;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.Config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A service trusts the development key and issuer only when a development profile says so:
 * {@code dev}, {@code test}, or {@code local} (the local stack, the system tests and the benchmark
 * start the jars with it). Any other profile, {@code prod} above all, must be given its own keys,
 * and the service refuses to start without them, naming the setting. The development keys are recognised by their
 * content, not only by their folder's name: a copy of them mounted elsewhere is refused as well.
 */
@ApplicationScoped
public class TrustedKeys {

    /** The profiles that trust the development key; only these may also run the local stack's conveniences. */
    public static final List<String> DEVELOPMENT_PROFILES = List.of("dev", "test", "local");
    static final String DEVELOPMENT_KEYS = "dev-keys";
    /** SHA-256 of the DER of deploy/local/dev-keys/public.pem and private.pem (TrustedKeysTest reads the files). */
    static final List<String> DEVELOPMENT_KEY_DIGESTS = List.of(
            "a9d88ed5a16790d262a7d76f56fe149f4e1d682157f4157bb4dd8c8db41897e9",
            "75bb10a297be639e4cb80fae3a775e48b07e92623afd01ce04dbc4968ea00bb7");
    /** The shared configuration's default, so that the service gets this far and can say what is missing. */
    static final String NOT_CONFIGURED = "not-configured";

    void check(@Observes StartupEvent started, Config config) {
        List<String> problems = problems(ConfigUtils.getProfiles(),
                name -> config.getOptionalValue(name, String.class).filter(v -> !v.isBlank() && !NOT_CONFIGURED.equals(v)));
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Refusing to start: " + String.join("; ", problems));
        }
    }

    /** What is wrong with the token settings in these profiles; empty when the service may start. */
    static List<String> problems(List<String> profiles, Function<String, Optional<String>> setting) {
        if (profiles.stream().anyMatch(DEVELOPMENT_PROFILES::contains)) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        Optional<String> key = setting.apply("mp.jwt.verify.publickey.location")
                .or(() -> setting.apply("mp.jwt.verify.publickey"));
        if (key.isEmpty()) {
            problems.add("no key to verify tokens with: set jwt.public-key.location (mp.jwt.verify.publickey.location)"
                    + " to the identity provider's keys (a PEM or JWKS file or URL)");
        } else if (key.get().contains(DEVELOPMENT_KEYS) || isDevelopmentKey(key.get())) {
            problems.add("jwt.public-key.location points at the development key (" + key.get()
                    + "); outside the dev, test and local profiles give the production key");
        }
        Optional<String> issuer = setting.apply("mp.jwt.verify.issuer");
        if (issuer.isEmpty()) {
            problems.add("no trusted issuer: set jwt.issuer (mp.jwt.verify.issuer)");
        } else if (DevelopmentTokens.ISSUER.equals(issuer.get())) {
            problems.add("jwt.issuer is the development issuer " + DevelopmentTokens.ISSUER);
        }
        setting.apply("smallrye.jwt.sign.key.location")
                .filter(signing -> signing.contains(DEVELOPMENT_KEYS) || isDevelopmentKey(signing))
                .ifPresent(signing -> problems.add("jwt.private-key.location points at the development key ("
                        + signing + "); give this service its own signing key"));
        return problems;
    }

    /**
     * Whether a key setting (a file: location, a path, or an inline PEM or base64 key) holds one of the development
     * keys. Keys behind an http(s) URL are not fetched here; an unreadable file is left to the JWT library to report.
     */
    static boolean isDevelopmentKey(String setting) {
        String location = setting.startsWith("file:") ? setting.substring("file:".length()) : setting;
        String pem = setting;
        if (!location.contains("://")) {
            try {
                Path file = Path.of(location);
                if (Files.isRegularFile(file)) {
                    pem = Files.readString(file, StandardCharsets.US_ASCII);
                }
            } catch (IOException | RuntimeException unreadable) {
                return false;
            }
        }
        String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            byte[] der = Base64.getDecoder().decode(body);
            return DEVELOPMENT_KEY_DIGESTS.contains(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der)));
        } catch (IllegalArgumentException notBase64) {
            return false;
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
