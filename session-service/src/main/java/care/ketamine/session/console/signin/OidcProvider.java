package care.ketamine.session.console.signin;

import jakarta.enterprise.context.ApplicationScoped;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.json.JsonUtil;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.jose4j.lang.JoseException;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The clinic's OIDC provider, as the console's sign-in talks to it: its discovery document (read at the first
 * sign-in, not at start, so that a provider that is down does not stop session-service, whose devices and
 * services do not need it), the token endpoint, and the ID token's checks against its JWKS.
 */
@ApplicationScoped
public class OidcProvider {

    /** The provider's addresses, from its discovery document. */
    public record Endpoints(String issuer, URI authorization, URI token, String jwks) {
    }

    /** The provider cannot be asked (down, or answering nonsense): the person may try again later. */
    public static class Unavailable extends RuntimeException {
        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The provider answered, and what it answered signs nobody in; the reason is for the page and the log. */
    public static class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    private static final Duration CLOCK_SKEW = Duration.ofSeconds(30);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** How long before its verification an ID token may have been issued (the exchange is one request before). */
    static final Duration ISSUED_WITHIN = Duration.ofMinutes(5);

    private final OidcSettings settings;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private volatile Discovered discovered;

    private record Discovered(Endpoints endpoints, HttpsJwksVerificationKeyResolver keys) {
    }

    public OidcProvider(OidcSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** The provider's endpoints, read once; a failed read is tried again at the next sign-in. */
    public Endpoints endpoints() {
        return discovered().endpoints();
    }

    private Discovered discovered() {
        Discovered known = discovered;
        if (known != null) {
            return known;
        }
        synchronized (this) {
            if (discovered == null) {
                discovered = discover();
            }
            return discovered;
        }
    }

    private Discovered discover() {
        String issuer = settings.authServerUrl();
        Map<String, Object> document = json(send(HttpRequest.newBuilder(URI.create(issuer + "/.well-known/openid-configuration"))
                .timeout(TIMEOUT).GET().build(), "discovery"), "discovery");
        Endpoints endpoints = endpointsOf(document, issuer, !settings.development());
        return new Discovered(endpoints, new HttpsJwksVerificationKeyResolver(new HttpsJwks(endpoints.jwks())));
    }

    /**
     * The endpoints a discovery document names, or Unavailable: it must name the issuer it was asked for (OIDC
     * Discovery 1.0 §4.3, no mix-up of providers), and each endpoint must be a URI, https outside the development
     * profiles (the token endpoint gets the client's secret, the JWKS decides whose tokens are believed).
     */
    static Endpoints endpointsOf(Map<String, Object> document, String issuer, boolean httpsOnly) {
        if (!issuer.equals(document.get("issuer"))) {
            throw new Unavailable("the discovery document at " + issuer + " names the issuer " + document.get("issuer"), null);
        }
        return new Endpoints(issuer, uri(document, "authorization_endpoint", httpsOnly), uri(document, "token_endpoint", httpsOnly),
                uri(document, "jwks_uri", httpsOnly).toString());
    }

    /**
     * The code exchanged at the token endpoint with the PKCE verifier, and the ID token that comes back verified:
     * signature by the provider's keys, issuer, audience (our client id), expiry, and the nonce this sign-in sent.
     */
    public JwtClaims exchange(String code, URI redirectUri, String codeVerifier, String nonce) {
        Discovered provider = discovered();
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri.toString());
        form.put("client_id", settings.clientId());
        form.put("code_verifier", codeVerifier);
        HttpRequest.Builder request = HttpRequest.newBuilder(provider.endpoints().token()).timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(formBody(form)));
        settings.clientSecret().ifPresent(secret -> request.header("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((encode(settings.clientId()) + ":" + encode(secret)).getBytes(StandardCharsets.UTF_8))));
        HttpResponse<String> answer = send(request.build(), "token");
        if (answer.statusCode() != 200) {
            Object error = answer.statusCode() / 100 == 4 ? json(answer, "token").get("error") : null;
            if (error == null) {
                throw new Unavailable("the token endpoint answered " + answer.statusCode(), null);
            }
            throw new Refused("the provider refused the sign-in's code (" + error + ")");
        }
        Object idToken = json(answer, "token").get("id_token");
        if (!(idToken instanceof String token)) {
            throw new Refused("the provider's answer has no ID token");
        }
        return verified(token, provider, nonce);
    }

    private JwtClaims verified(String idToken, Discovered provider, String nonce) {
        JwtConsumer consumer = new JwtConsumerBuilder()
                .setVerificationKeyResolver(provider.keys())
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256,
                        AlgorithmIdentifiers.RSA_USING_SHA384, AlgorithmIdentifiers.RSA_USING_SHA512,
                        AlgorithmIdentifiers.RSA_PSS_USING_SHA256, AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256)
                .setExpectedIssuer(provider.endpoints().issuer())
                .setExpectedAudience(settings.clientId())
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                // Issued at the exchange a moment ago: an iat far off says the token was not made for this sign-in.
                .setIssuedAtRestrictions((int) CLOCK_SKEW.toSeconds(), (int) ISSUED_WITHIN.toSeconds())
                .setRequireSubject()
                .setAllowedClockSkewInSeconds((int) CLOCK_SKEW.toSeconds())
                .setEvaluationTime(NumericDate.fromMilliseconds(clock.millis()))
                .build();
        JwtClaims claims;
        try {
            claims = consumer.processToClaims(idToken);
        } catch (InvalidJwtException e) {
            throw new Refused("the ID token is not valid: " + reason(e));
        }
        if (!nonce.equals(claims.getClaimValue("nonce"))) {
            throw new Refused("the ID token's nonce is not this sign-in's");
        }
        authorizedParty(claims, settings.clientId());
        return claims;
    }

    /**
     * OIDC Core §3.1.3.7 (items 4 and 5): a token for several audiences, or naming an authorized party, must name our
     * client as that party, or it was issued to another client of the realm that merely listed us.
     */
    static void authorizedParty(JwtClaims claims, String clientId) {
        List<String> audiences;
        try {
            audiences = claims.getAudience();
        } catch (MalformedClaimException e) {
            throw new Refused("the ID token's audience is malformed");
        }
        Object azp = claims.getClaimValue("azp");
        if ((audiences.size() > 1 || azp != null) && !clientId.equals(azp)) {
            throw new Refused("the ID token's authorized party is not this client");
        }
    }

    /** Why jose4j refused the token, in words (never the token: it holds the person's details). */
    private static String reason(InvalidJwtException e) {
        if (e.hasExpired()) {
            return "it has expired";
        }
        if (e.hasErrorCode(ErrorCodes.ISSUER_INVALID) || e.hasErrorCode(ErrorCodes.ISSUER_MISSING)) {
            return "it is not from the configured issuer";
        }
        if (e.hasErrorCode(ErrorCodes.AUDIENCE_INVALID) || e.hasErrorCode(ErrorCodes.AUDIENCE_MISSING)) {
            return "it is not for this client";
        }
        if (e.hasErrorCode(ErrorCodes.ISSUED_AT_MISSING) || e.hasErrorCode(ErrorCodes.ISSUED_AT_INVALID_FUTURE)
                || e.hasErrorCode(ErrorCodes.ISSUED_AT_INVALID_PAST)) {
            return "its issue time is missing or not of this sign-in";
        }
        if (e.hasErrorCode(ErrorCodes.SIGNATURE_INVALID) || e.hasErrorCode(ErrorCodes.SIGNATURE_MISSING)) {
            return "its signature is not by the provider's keys";
        }
        return "error codes " + e.getErrorDetails().stream().map(d -> String.valueOf(d.getErrorCode())).toList();
    }

    private HttpResponse<String> send(HttpRequest request, String what) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new Unavailable("the provider's " + what + " endpoint cannot be reached: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted asking the provider", e);
        }
    }

    private static Map<String, Object> json(HttpResponse<String> answer, String what) {
        if (answer.statusCode() / 100 == 5 || answer.statusCode() / 100 == 3) {
            throw new Unavailable("the provider's " + what + " endpoint answered " + answer.statusCode(), null);
        }
        try {
            return JsonUtil.parseJson(answer.body());
        } catch (JoseException | RuntimeException e) {
            throw new Unavailable("the provider's " + what + " answer is not JSON", e);
        }
    }

    private static URI uri(Map<String, Object> document, String name, boolean httpsOnly) {
        String value = Optional.ofNullable(document.get(name)).filter(String.class::isInstance).map(String.class::cast)
                .orElseThrow(() -> new Unavailable("the discovery document has no " + name, null));
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new Unavailable("the discovery document's " + name + " is not a URI", e);
        }
        if (!uri.isAbsolute() || uri.getHost() == null) {
            throw new Unavailable("the discovery document's " + name + " is not an absolute URL", null);
        }
        if (httpsOnly && !"https".equalsIgnoreCase(uri.getScheme())) {
            throw new Unavailable("the discovery document's " + name + " is not https: " + uri.getScheme(), null);
        }
        return uri;
    }

    private static String formBody(Map<String, String> form) {
        return form.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
