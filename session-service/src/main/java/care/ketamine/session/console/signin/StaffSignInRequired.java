package care.ketamine.session.console.signin;

import care.ketamine.platform.security.TrustedKeys;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.eclipse.microprofile.config.Config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Staff must be able to sign in to the console wherever session-service runs: outside the dev, test and local
 * profiles it refuses to start, naming the settings, unless the clinic's OIDC provider is configured or the demo
 * users are allowed on purpose ({@code console.allow-demo-users=true}, for a demonstration). TrustedKeys' recipe;
 * observed after it, so that missing keys are named first. Outside those profiles the provider must be https, and the
 * console's callback URL configured (https), not taken from the request.
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
        boolean development = profiles.stream().anyMatch(TrustedKeys.DEVELOPMENT_PROFILES::contains);
        Optional<String> redirectUri = setting.apply("console.oidc.redirect-uri");
        redirectUri.filter(uri -> !callback(uri)).ifPresent(uri -> problems.add("console.oidc.redirect-uri must be the "
                + "console's absolute callback URL, ending in " + OidcSignInResource.CALLBACK + " (is " + uri + ")"));
        if (url && !development) {
            // The provider decides who is staff, and the token endpoint gets the client's secret: never over plain http.
            String server = setting.apply("console.oidc.auth-server-url").orElseThrow();
            if (!https(server)) {
                problems.add("console.oidc.auth-server-url must be an https URL outside the dev, test and local profiles "
                        + "(is " + server + ")");
            }
            if (redirectUri.isEmpty()) {
                problems.add("console.oidc.redirect-uri is not set: the console's public callback URL, https://<the "
                        + "console's host>" + OidcSignInResource.CALLBACK + ", as registered at the provider (never "
                        + "taken from a request's Host outside the dev, test and local profiles)");
            } else if (!https(redirectUri.get())) {
                problems.add("console.oidc.redirect-uri must be an https URL outside the dev, test and local profiles "
                        + "(is " + redirectUri.get() + ")");
            }
        }
        if (url || development) {
            return problems;
        }
        if (!setting.apply("console.allow-demo-users").map(Boolean::parseBoolean).orElse(false)) {
            problems.add("no way for staff to sign in to the console: set console.oidc.auth-server-url (the clinic's "
                    + "OIDC provider's issuer URL, https), console.oidc.client-id (the console's client; "
                    + "console.oidc.client-secret too for a confidential client) and console.oidc.redirect-uri (the "
                    + "console's https callback URL), or, for a demonstration only, "
                    + "console.allow-demo-users=true with console.demo-users and console.demo-password");
        }
        return problems;
    }

    private static boolean https(String url) {
        return parsed(url).filter(uri -> "https".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null).isPresent();
    }

    private static boolean callback(String url) {
        return parsed(url).filter(uri -> uri.isAbsolute() && uri.getHost() != null && uri.getRawQuery() == null
                && uri.getRawFragment() == null && OidcSignInResource.CALLBACK.equals(uri.getPath())).isPresent();
    }

    private static Optional<URI> parsed(String url) {
        try {
            return Optional.of(new URI(url.strip()));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}
