package care.ketamine.alerting.pagerduty;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;

/**
 * PagerDuty's webhook signature (v3 webhooks): {@code X-PagerDuty-Signature: v1=<hex HMAC-SHA256(secret, raw body)>}.
 * While a secret is being rotated PagerDuty lists several, comma-separated: any one that matches will do.
 */
public final class PagerDutySignature {

    /** More than this is not a header PagerDuty wrote. */
    private static final int LONGEST_HEADER = 2_000;

    private PagerDutySignature() {
    }

    public static String sign(byte[] secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return "v1=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JVM", e);
        }
    }

    public static boolean matches(byte[] secret, String header, byte[] body) {
        if (header == null || header.isBlank() || header.length() > LONGEST_HEADER) {
            return false;
        }
        byte[] expected = sign(secret, body).getBytes(StandardCharsets.US_ASCII);
        boolean matched = false;
        for (String given : header.split(",")) {
            // Compared in constant time, and every one of them: how long it takes says nothing about the secret.
            matched |= MessageDigest.isEqual(expected, given.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
        }
        return matched;
    }
}
