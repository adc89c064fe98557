package care.ketamine.alerting.telephony;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * X-Twilio-Signature as Twilio computes it for a form POST: the full URL Twilio was given, then each POST parameter's
 * name and value, sorted by name, all concatenated with nothing between; HMAC-SHA1 of that with the account's auth
 * token, in base64.
 */
public final class TwilioSignature {

    private TwilioSignature() {
    }

    public static String of(String authToken, String url, Map<String, List<String>> params) {
        StringBuilder signed = new StringBuilder(url);
        params.keySet().stream().sorted().forEach(name -> {
            List<String> values = new ArrayList<>(params.get(name));
            values.sort(null);
            for (String value : values) {
                signed.append(name).append(value);
            }
        });
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(signed.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA1 is part of every JVM", e);
        }
    }

    /** Whether {@code signature} is the one for this request; compared in constant time. */
    public static boolean matches(String authToken, String url, Map<String, List<String>> params, String signature) {
        if (signature == null || signature.isBlank()) {
            return false;
        }
        byte[] expected = of(authToken, url, params).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature.trim().getBytes(StandardCharsets.US_ASCII));
    }
}
