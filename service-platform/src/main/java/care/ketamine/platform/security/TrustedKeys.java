package care.ketamine.platform.security;

import care.ketamine.contracts.security.DevelopmentTokens;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.Config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A service trusts the development key and issuer only when a development profile says so:
 * {@code dev}, {@code test}, or {@code local} (the local stack, the system tests and the benchmark
 * start the jars with it). Any other profile, {@code prod} above all, must be given its own keys,
 * and the service refuses to start without them, naming the setting.
 */
@ApplicationScoped
public class TrustedKeys {

    /** The profiles that trust the development key; only these may also run the local stack's conveniences. */
    public static final List<String> DEVELOPMENT_PROFILES = List.of("dev", "test", "local");
    static final String DEVELOPMENT_KEYS = "dev-keys";
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
        } else if (key.get().contains(DEVELOPMENT_KEYS)) {
            problems.add("jwt.public-key.location points at the development key (" + key.get()
                    + "); outside the dev, test and local profiles give the production key");
        }
        Optional<String> issuer = setting.apply("mp.jwt.verify.issuer");
        if (issuer.isEmpty()) {
            problems.add("no trusted issuer: set jwt.issuer (mp.jwt.verify.issuer)");
        } else if (DevelopmentTokens.ISSUER.equals(issuer.get())) {
            problems.add("jwt.issuer is the development issuer " + DevelopmentTokens.ISSUER);
        }
        setting.apply("smallrye.jwt.sign.key.location").filter(signing -> signing.contains(DEVELOPMENT_KEYS))
                .ifPresent(signing -> problems.add("jwt.private-key.location points at the development key ("
                        + signing + "); give this service its own signing key"));
        return problems;
    }
}
