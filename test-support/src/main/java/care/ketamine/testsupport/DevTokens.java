package care.ketamine.testsupport;

import care.ketamine.contracts.security.Roles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * JWTs signed with the development key, exactly as {@code deploy/local/dev-token} makes them,
 * for tests that call the services as a device, a clinician or on-call staff would.
 */
public final class DevTokens {

    public static final String ISSUER = "https://ketamine.local/dev";

    private DevTokens() {
    }

    /** A token for staff in one role. */
    public static String forRole(String role) {
        return sign(role + "-" + UUID.randomUUID().toString().substring(0, 8), role, null, Duration.ofHours(1));
    }

    /** A patient-device or sitter token bound to one session. */
    public static String forSession(String role, String sessionId) {
        return sign("device-" + UUID.randomUUID().toString().substring(0, 8), role, sessionId, Duration.ofHours(1));
    }

    /** A device token as session-service issues it at pairing: bound to the session, naming the device. */
    public static String forDevice(String role, String sessionId, String deviceId) {
        return sign("device-" + deviceId, role, sessionId, Duration.ofHours(1), ",\"device_id\":\"" + deviceId + "\"");
    }

    /** A token with a chosen subject, role, optional session and lifetime (negative: already expired). */
    public static String sign(String subject, String role, String sessionId, Duration lifetime) {
        return sign(subject, role, sessionId, lifetime, "");
    }

    private static String sign(String subject, String role, String sessionId, Duration lifetime, String moreClaims) {
        Instant now = Instant.now();
        String claims = "{\"iss\":\"" + ISSUER + "\",\"sub\":\"" + subject + "\",\"upn\":\"" + subject + "\""
                + ",\"groups\":[\"" + role + "\"]"
                + (sessionId == null ? "" : ",\"" + Roles.SESSION_CLAIM + "\":\"" + sessionId + "\"")
                + ",\"iat\":" + now.getEpochSecond() + ",\"exp\":" + now.plus(lifetime).getEpochSecond()
                + ",\"jti\":\"" + UUID.randomUUID() + "\"" + moreClaims + "}";
        String unsigned = base64Url("{\"alg\":\"RS256\",\"typ\":\"JWT\"}") + "." + base64Url(claims);
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(privateKey());
            rsa.update(unsigned.getBytes(StandardCharsets.US_ASCII));
            return unsigned + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a development token", e);
        }
    }

    private static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static PrivateKey privateKey() throws GeneralSecurityException {
        try {
            String pem = Files.readString(DevKeys.privateKey())
                    .replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
