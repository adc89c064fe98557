package care.ketamine.session.console.signin;

import care.ketamine.platform.security.TrustedKeys;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;
import java.util.Optional;

/**
 * The clinic's OIDC provider, as the console's sign-in uses it. Configured when both the provider's address and the
 * console's client id are set; then staff sign in only there, and the demo users' password form is off.
 */
@ApplicationScoped
public class OidcSettings {

    private final Optional<String> authServerUrl;
    private final Optional<String> clientId;
    private final Optional<String> clientSecret;
    private final String rolesClaim;
    private final String providerName;
    private final Optional<URI> redirectUri;
    private final boolean development;

    public OidcSettings(@ConfigProperty(name = "console.oidc.auth-server-url") Optional<String> authServerUrl,
                        @ConfigProperty(name = "console.oidc.client-id") Optional<String> clientId,
                        @ConfigProperty(name = "console.oidc.client-secret") Optional<String> clientSecret,
                        @ConfigProperty(name = "console.oidc.roles-claim", defaultValue = "realm_access/roles") String rolesClaim,
                        @ConfigProperty(name = "console.oidc.provider-name", defaultValue = "the clinic's sign-in") String providerName,
                        @ConfigProperty(name = "console.oidc.redirect-uri") Optional<String> redirectUri) {
        this.authServerUrl = authServerUrl.map(String::strip).filter(s -> !s.isEmpty()).map(OidcSettings::withoutTrailingSlash);
        this.clientId = clientId.map(String::strip).filter(s -> !s.isEmpty());
        this.clientSecret = clientSecret.filter(s -> !s.isBlank());
        this.rolesClaim = rolesClaim.strip();
        this.providerName = providerName.strip();
        // StaffSignInRequired has refused to start with one that is no absolute URL (or not https outside development).
        this.redirectUri = redirectUri.map(String::strip).filter(s -> !s.isEmpty()).map(URI::create);
        this.development = ConfigUtils.getProfiles().stream().anyMatch(TrustedKeys.DEVELOPMENT_PROFILES::contains);
    }

    /**
     * The console's public callback URL, as registered at the provider. Never taken from the request outside the
     * development profiles: its Host and X-Forwarded-* headers are the caller's to write.
     */
    public Optional<URI> redirectUri() {
        return redirectUri;
    }

    /** In the dev, test or local profile: plain http to the provider and a callback at the request's address are allowed. */
    public boolean development() {
        return development;
    }

    public boolean configured() {
        return authServerUrl.isPresent() && clientId.isPresent();
    }

    /** The issuer's address: its discovery document is under /.well-known/openid-configuration, and it names this issuer. */
    public String authServerUrl() {
        return authServerUrl.orElseThrow();
    }

    public String clientId() {
        return clientId.orElseThrow();
    }

    /** Present for a confidential client (sent as HTTP Basic to the token endpoint); a public client relies on PKCE alone. */
    public Optional<String> clientSecret() {
        return clientSecret;
    }

    /** Where in the ID token the person's roles are: a /-separated path of claim names. */
    public String rolesClaim() {
        return rolesClaim;
    }

    /** As the sign-in button names the provider. */
    public String providerName() {
        return providerName;
    }

    private static String withoutTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
