package care.ketamine.alerting.push;

import io.quarkus.runtime.Startup;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The push services this clinic lets us call ({@code alerting.push.endpoint-hosts}; a leading dot: any host under
 * it). We POST to whatever URL a subscription holds, so every endpoint is checked here when a browser subscribes and
 * again before each message: a row changed in the database, or a list narrowed since, never makes us call elsewhere.
 * {@code alerting.push.allow-http-loopback} lets tests use a push service on loopback over http; only the local, dev
 * and test profiles may set it, and alerting refuses to start with it anywhere else.
 */
// Made at startup, so a production deployment with the loopback option stops there, not at its first subscription.
@Startup
@ApplicationScoped
public class PushServices {

    private final List<String> hosts;
    private final boolean allowHttpLoopback;

    @Inject
    public PushServices(@ConfigProperty(name = "alerting.push.endpoint-hosts") List<String> hosts,
                        @ConfigProperty(name = "alerting.push.allow-http-loopback", defaultValue = "false") boolean allowHttpLoopback) {
        this(hosts, allowHttpLoopback, ConfigUtils.getProfiles());
    }

    PushServices(List<String> hosts, boolean allowHttpLoopback, List<String> profiles) {
        if (allowHttpLoopback && (profiles.contains("prod")
                || profiles.stream().noneMatch(p -> p.equals("local") || p.equals("dev") || p.equals("test")))) {
            throw new IllegalStateException("alerting.push.allow-http-loopback is for the local, dev and test profiles only "
                    + "(profiles " + profiles + "): a push endpoint is an https URL of a push service in alerting.push.endpoint-hosts");
        }
        this.hosts = hosts.stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty()).toList();
        this.allowHttpLoopback = allowHttpLoopback;
    }

    /** Why we would not call this endpoint; empty when it is an https URL of a push service on the list. */
    public Optional<String> problem(String endpoint) {
        if (endpoint == null || endpoint.isBlank()) {
            return Optional.of("is required");
        }
        if (endpoint.length() > 2048) {
            return Optional.of("is at most 2048 characters");
        }
        URI uri;
        try {
            uri = new URI(endpoint.strip());
        } catch (URISyntaxException e) {
            return Optional.of("is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        boolean loopback = host.equals("localhost") || host.matches("127(\\.\\d{1,3}){3}");
        if (!(scheme.equals("https") || (scheme.equals("http") && loopback && allowHttpLoopback))) {
            return Optional.of("must be an https URL");
        }
        if (host.isEmpty() || uri.getRawUserInfo() != null) {
            return Optional.of("must be an https URL of a push service");
        }
        boolean known = hosts.stream().anyMatch(h -> h.startsWith(".") ? host.endsWith(h) : host.equals(h));
        if (!known) {
            return Optional.of("is not on a push service this clinic uses (" + String.join(", ", hosts) + ")");
        }
        return Optional.empty();
    }
}
