package care.ketamine.session.console.signin;

import care.ketamine.testsupport.SettableClock;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * An OIDC provider on loopback, as Keycloak's endpoints are laid out, that holds the console to the documented
 * request: the authorization request must ask for a code with an S256 challenge, state and nonce, for our client and
 * its redirect URI; the token request must bring that code once, the same redirect URI and client (with its
 * secret, HTTP Basic) and the verifier whose S256 hash is the challenge. What it breaks on purpose, to see the
 * console refuse it, is {@link #twist}. Anything the console got wrong is kept in {@link #violations}.
 * The test steers it over HTTP ({@code /control}): Quarkus may load this class and the test in different class
 * loaders, so no static state is shared with the test.
 */
public class OidcProviderPeer implements QuarkusTestResourceLifecycleManager {

    static final String CLIENT_ID = "ketamine-console";
    static final String CLIENT_SECRET = "test-only-client-secret";
    static final String REALM = "/realms/ketamine";
    /**
     * The console's callback as configured (console.oidc.redirect-uri), the only one this provider sends codes to. Not
     * the test's own address: the browser of the tests takes the code from the redirect and brings it to the console.
     */
    static final String REDIRECT_URI = "https://console.test.example/console/login/callback";

    /** What the next ID token gets wrong (or, for the AZP_OURS ones, gets right in a less common way). */
    enum Twist {
        NONE, WRONG_ISSUER, WRONG_AUDIENCE, EXPIRED, WRONG_NONCE, BAD_SIGNATURE, NO_STAFF_ROLE, ROLES_CLAIM_ABSENT,
        NO_USERNAME, NO_ISSUED_AT, ISSUED_LONG_AGO, ISSUED_IN_THE_FUTURE, MANY_AUDIENCES_NO_AZP, AZP_ANOTHER_CLIENT,
        MANY_AUDIENCES_AZP_ANOTHER_CLIENT, AZP_OURS, MANY_AUDIENCES_AZP_OURS,
        /** Not the ID token: the discovery document names a token endpoint that is no URI. */
        MALFORMED_DISCOVERY
    }

    /** Who signs in at the provider next: the subject is the account's, which a re-created account changes. */
    record Person(String username, String subject, String name, List<String> roles) {
    }

    private record Authorization(String clientId, String redirectUri, String challenge, String nonce) {
    }

    private volatile Person person;
    private volatile Twist twist = Twist.NONE;
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final Map<String, Authorization> codes = new ConcurrentHashMap<>();
    private final Set<String> usedCodes = ConcurrentHashMap.newKeySet();
    private String issuer;

    private HttpServer server;
    private RsaJsonWebKey key;
    private RsaJsonWebKey otherKey;

    /**
     * POST /control?twist=...&username=...&subject=...&name=...&roles=a,b sets who signs in next (the subject by
     * default derived from the user name) and what goes wrong;
     * GET /control answers the violations seen since the last POST, one a line.
     */
    private void control(HttpExchange exchange) throws IOException {
        if ("POST".equals(exchange.getRequestMethod())) {
            Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
            twist = Twist.valueOf(query.getOrDefault("twist", "NONE"));
            String username = query.getOrDefault("username", "dr.oidc");
            person = new Person(username, query.getOrDefault("subject", subjectOf(username)), query.getOrDefault("name", "Dr Oidc"),
                    List.of(query.getOrDefault("roles", "clinician,offline_access").split(",")));
            violations.clear();
            answer(exchange, 200, "{}");
        } else {
            answer(exchange, 200, String.join("\n", violations));
        }
    }

    @Override
    public Map<String, String> start() {
        try {
            key = RsaJwkGenerator.generateJwk(2048);
            key.setKeyId("peer-key-1");
            otherKey = RsaJwkGenerator.generateJwk(2048);
            otherKey.setKeyId("peer-key-1");
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        issuer = "http://127.0.0.1:" + server.getAddress().getPort() + REALM;
        server.createContext(REALM + "/.well-known/openid-configuration", ex -> answer(ex, 200, JsonUtil.toJson(Map.of(
                "issuer", issuer,
                "authorization_endpoint", issuer + "/protocol/openid-connect/auth",
                "token_endpoint", twist == Twist.MALFORMED_DISCOVERY ? issuer + "/protocol/openid connect/token"
                        : issuer + "/protocol/openid-connect/token",
                "jwks_uri", issuer + "/protocol/openid-connect/certs",
                "code_challenge_methods_supported", List.of("S256")))));
        server.createContext(REALM + "/protocol/openid-connect/certs", ex -> answer(ex, 200,
                new JsonWebKeySet(key).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY)));
        server.createContext(REALM + "/protocol/openid-connect/auth", this::authorize);
        server.createContext(REALM + "/protocol/openid-connect/token", this::token);
        server.createContext("/control", this::control);
        person = new Person("dr.oidc", subjectOf("dr.oidc"), "Dr Oidc", List.of("clinician", "offline_access"));
        server.start();
        return Map.of("console.oidc.auth-server-url", issuer,
                "console.oidc.client-id", CLIENT_ID,
                "console.oidc.client-secret", CLIENT_SECRET,
                "console.oidc.provider-name", "Test Provider",
                "console.oidc.redirect-uri", REDIRECT_URI);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** The browser arrives with the authorization request; it leaves for the redirect URI with a code. */
    private void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
        String problem = !"code".equals(query.get("response_type")) ? "response_type is not code"
                : !CLIENT_ID.equals(query.get("client_id")) ? "unknown client_id " + query.get("client_id")
                : !"S256".equals(query.get("code_challenge_method")) ? "code_challenge_method is not S256"
                : query.get("code_challenge") == null || query.get("code_challenge").length() != 43 ? "no S256 code_challenge"
                : query.get("state") == null ? "no state"
                : query.get("nonce") == null ? "no nonce"
                : query.get("scope") == null || !Arrays.asList(query.get("scope").split(" ")).contains("openid") ? "scope without openid"
                : !REDIRECT_URI.equals(query.get("redirect_uri"))
                        ? "redirect_uri is not the console's callback: " + query.get("redirect_uri") : null;
        if (problem != null) {
            violations.add("authorize: " + problem);
            answer(exchange, 400, "{\"error\":\"invalid_request\"}");
            return;
        }
        String code = UUID.randomUUID().toString();
        codes.put(code, new Authorization(query.get("client_id"), query.get("redirect_uri"), query.get("code_challenge"),
                query.get("nonce")));
        exchange.getResponseHeaders().add("Location", query.get("redirect_uri") + "?code=" + code + "&state="
                + encoded(query.get("state")) + "&session_state=x");
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private static String encoded(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** The code, once, for an ID token; every parameter checked against what the authorization request said. */
    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String basic = exchange.getRequestHeaders().getFirst("Authorization");
        String expectedBasic = "Basic " + Base64.getEncoder().encodeToString((CLIENT_ID + ":" + CLIENT_SECRET)
                .getBytes(StandardCharsets.UTF_8));
        Authorization authorization = codes.get(form.get("code"));
        String problem = !"POST".equals(exchange.getRequestMethod()) ? "not a POST"
                : !expectedBasic.equals(basic) ? "client not authenticated by its secret"
                : !"authorization_code".equals(form.get("grant_type")) ? "grant_type is not authorization_code"
                : authorization == null ? "unknown code"
                : !usedCodes.add(form.get("code")) ? "code used before"
                : !authorization.clientId().equals(form.get("client_id")) ? "client_id differs"
                : !authorization.redirectUri().equals(form.get("redirect_uri")) ? "redirect_uri differs"
                : form.get("code_verifier") == null ? "no code_verifier"
                : !s256(form.get("code_verifier")).equals(authorization.challenge()) ? "code_verifier does not hash to the challenge"
                : null;
        if (problem != null) {
            if (!"code used before".equals(problem)) {
                violations.add("token: " + problem);
            }
            answer(exchange, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"" + problem + "\"}");
            return;
        }
        answer(exchange, 200, JsonUtil.toJson(Map.of("access_token", "opaque-" + UUID.randomUUID(), "token_type", "Bearer",
                "expires_in", 300, "id_token", idToken(authorization.nonce()))));
    }

    private String idToken(String nonce) {
        Instant now = SettableClock.now();
        Person who = person;
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(twist == Twist.WRONG_ISSUER ? "http://127.0.0.1:1/realms/other" : issuer);
        switch (twist) {
            case WRONG_AUDIENCE -> claims.setAudience("another-client");
            case MANY_AUDIENCES_NO_AZP, MANY_AUDIENCES_AZP_ANOTHER_CLIENT, MANY_AUDIENCES_AZP_OURS ->
                    claims.setAudience(CLIENT_ID, "another-client");
            default -> claims.setAudience(CLIENT_ID);
        }
        switch (twist) {
            case AZP_ANOTHER_CLIENT, MANY_AUDIENCES_AZP_ANOTHER_CLIENT -> claims.setClaim("azp", "another-client");
            case AZP_OURS, MANY_AUDIENCES_AZP_OURS -> claims.setClaim("azp", CLIENT_ID);
            default -> {
            }
        }
        claims.setSubject(who.subject());
        Instant issued = switch (twist) {
            case EXPIRED -> now.minusSeconds(900);
            case ISSUED_LONG_AGO -> now.minusSeconds(600);
            case ISSUED_IN_THE_FUTURE -> now.plusSeconds(120);
            default -> now;
        };
        if (twist != Twist.NO_ISSUED_AT) {
            claims.setIssuedAt(NumericDate.fromSeconds(issued.getEpochSecond()));
        }
        // Expiry from now, so that only the twist's own rule is broken (EXPIRED: 10 minutes ago).
        claims.setExpirationTime(NumericDate.fromSeconds((twist == Twist.EXPIRED ? now.minusSeconds(600) : now.plusSeconds(300))
                .getEpochSecond()));
        claims.setClaim("nonce", twist == Twist.WRONG_NONCE ? "not-the-nonce" : nonce);
        if (twist != Twist.NO_USERNAME) {
            claims.setClaim("preferred_username", who.username());
        }
        claims.setClaim("name", who.name());
        if (twist != Twist.ROLES_CLAIM_ABSENT) {
            claims.setClaim("realm_access", Map.of("roles", twist == Twist.NO_STAFF_ROLE
                    ? List.of("offline_access", "patient") : who.roles()));
        }
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setKeyIdHeaderValue("peer-key-1");
        jws.setKey((twist == Twist.BAD_SIGNATURE ? otherKey : key).getPrivateKey());
        try {
            return jws.getCompactSerialization();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The subject the provider gives an account of this user name unless told otherwise. */
    static String subjectOf(String username) {
        return UUID.nameUUIDFromBytes(username.getBytes(StandardCharsets.UTF_8)).toString();
    }

    static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> form(String raw) {
        if (raw == null || raw.isEmpty()) {
            return Map.of();
        }
        Map<String, String> values = new HashMap<>();
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            values.put(name, value);
        }
        return values;
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    /** The query of a URI as a map (for the tests' reading of the authorization request). */
    static Map<String, String> query(URI uri) {
        return form(uri.getRawQuery()).entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
