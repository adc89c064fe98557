package care.ketamine.contracts.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * JWTs signed with a development key, with exactly the claims {@code deploy/local/dev-token}
 * writes (issuer, subject, groups, the session claim). For tests and local tools such as the
 * device simulator; a real deployment's staff get their tokens from its identity provider.
 */
public final class DevelopmentTokens {

    public static final String ISSUER = "https://ketamine.local/dev";

    private final PrivateKey key;

    private DevelopmentTokens(PrivateKey key) {
        this.key = key;
    }

    /** Reads a PKCS#8 PEM private key, such as deploy/local/dev-keys/private.pem. */
    public static DevelopmentTokens withKey(Path privateKeyPem) {
        try {
            String pem = Files.readString(privateKeyPem).replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "")
                    .replaceAll("\\s", "");
            return new DevelopmentTokens(KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem))));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the development key " + privateKeyPem, e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException(privateKeyPem + " is not a PKCS#8 RSA private key", e);
        }
    }

    /**
     * @param sessionId  the session a patient-device or sitter token is bound to; null for staff
     * @param lifetime   negative for a token that has already expired
     * @param moreClaims further claims as JSON members with a leading comma, e.g. {@code ,"device_id":"d-1"}; or ""
     */
    public String sign(String subject, String role, String sessionId, Duration lifetime, String moreClaims) {
        return sign(subject, role, sessionId, lifetime, Audiences.forRole(role), moreClaims);
    }

    /** As above, for the given audiences (the services the token is meant for). */
    public String sign(String subject, String role, String sessionId, Duration lifetime, List<String> audiences,
                       String moreClaims) {
        return sign(subject, List.of(role), sessionId, lifetime, audiences, moreClaims);
    }

    /** As above, for a person who holds several roles (e.g. a clinician who is also on call). */
    public String sign(String subject, List<String> roles, String sessionId, Duration lifetime, List<String> audiences,
                       String moreClaims) {
        Instant now = Instant.now();
        String aud = audiences.stream().map(a -> "\"" + a + "\"").collect(Collectors.joining(",", "[", "]"));
        String groups = roles.stream().map(r -> "\"" + r + "\"").collect(Collectors.joining(",", "[", "]"));
        String claims = "{\"iss\":\"" + ISSUER + "\",\"sub\":\"" + subject + "\",\"upn\":\"" + subject + "\""
                + ",\"aud\":" + aud
                + ",\"groups\":" + groups
                + (sessionId == null ? "" : ",\"" + Roles.SESSION_CLAIM + "\":\"" + sessionId + "\"")
                + ",\"iat\":" + now.getEpochSecond() + ",\"exp\":" + now.plus(lifetime).getEpochSecond()
                + ",\"jti\":\"" + UUID.randomUUID() + "\"" + moreClaims + "}";
        String unsigned = base64Url("{\"alg\":\"RS256\",\"typ\":\"JWT\"}") + "." + base64Url(claims);
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key);
            rsa.update(unsigned.getBytes(StandardCharsets.US_ASCII));
            return unsigned + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a development token", e);
        }
    }

    /** A staff token: one role, named subject. */
    public String staff(String subject, String role, Duration lifetime) {
        return sign(subject, role, null, lifetime, "");
    }

    private static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
