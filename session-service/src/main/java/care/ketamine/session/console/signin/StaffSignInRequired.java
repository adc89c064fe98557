package care.ketamine.session.console.signin;

import care.ketamine.platform.security.TrustedKeys;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.eclipse.microprofile.config.Config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Staff must be able to sign in to the console wherever session-service runs: outside the dev, test and local
 * profiles it refuses to start, naming the settings, unless the clinic's OIDC provider is configured or the demo
 * users are allowed on purpose ({@code console.allow-demo-users=true}, for a demonstration). TrustedKeys' recipe;
 * observed after it, so that missing keys are named first.
 */
@ApplicationScoped
public class StaffSignInRequired {

    void check(@Observes @Priority(Interceptor.Priority.APPLICATION + 600) StartupEvent started, Config config) {
        List<String> problems = problems(ConfigUtils.getProfiles(),
                name -> config.getOptionalValue(name, String.class).filter(v -> !v.isBlank()));
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Refusing to start: " + String.join("; ", problems));
        }
    }

    /** What is wrong with the console's sign-in settings in these profiles; empty when the service may start. */
    static List<String> problems(List<String> profiles, Function<String, Optional<String>> setting) {
        List<String> problems = new ArrayList<>();
        boolean url = setting.apply("console.oidc.auth-server-url").isPresent();
        boolean client = setting.apply("console.oidc.client-id").isPresent();
        if (url != client) {
            // Half a provider is a mistake in any profile: say which half is missing.
            problems.add("the console's OIDC sign-in is half configured: set both console.oidc.auth-server-url "
                    + "(the provider's issuer URL) and console.oidc.client-id (the console's client)");
            return problems;
        }
        if (url || profiles.stream().anyMatch(TrustedKeys.DEVELOPMENT_PROFILES::contains)) {
            return problems;
        }
        if (!setting.apply("console.allow-demo-users").map(Boolean::parseBoolean).orElse(false)) {
            problems.add("no way for staff to sign in to the console: set console.oidc.auth-server-url (the clinic's "
                    + "OIDC provider's issuer URL) and console.oidc.client-id (the console's client; "
                    + "console.oidc.client-secret too for a confidential client), or, for a demonstration only, "
                    + "console.allow-demo-users=true with console.demo-users and console.demo-password");
        }
        return problems;
    }
}
