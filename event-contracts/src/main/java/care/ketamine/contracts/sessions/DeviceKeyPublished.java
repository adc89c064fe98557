package care.ketamine.contracts.sessions;

import care.ketamine.contracts.EventType;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;

/**
 * A public key session-service signs device tokens with, as a JWK (RFC 7517): RSA modulus {@code n}
 * and exponent {@code e}, base64url without padding. Its {@code kid} is the RFC 7638 thumbprint of
 * the key, so one id always means one key, and a device token names it in its JWS header.
 * Key: kid.
 */
public record DeviceKeyPublished(String kid, String kty, String alg, String use, String n, String e, Instant publishedAt) {

    public static final EventType<DeviceKeyPublished> TYPE =
            new EventType<>("device-key.published", 1, DeviceKeyPublished.class);

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    /** The JWK of an RSA signing key for RS256. */
    public static DeviceKeyPublished of(RSAPublicKey key, Instant publishedAt) {
        String n = ENCODER.encodeToString(unsigned(key.getModulus()));
        String e = ENCODER.encodeToString(unsigned(key.getPublicExponent()));
        return new DeviceKeyPublished(thumbprint(n, e), "RSA", "RS256", "sig", n, e, publishedAt);
    }

    /** The JWK alone, as a JWKS lists it (all members are base64url or fixed names: nothing to escape). */
    public String jwk() {
        return "{\"kty\":\"" + kty + "\",\"kid\":\"" + kid + "\",\"use\":\"" + use + "\",\"alg\":\"" + alg
                + "\",\"n\":\"" + n + "\",\"e\":\"" + e + "\"}";
    }

    /** RFC 7638: SHA-256 over the required members in lexicographic order, no whitespace. */
    public static String thumbprint(String n, String e) {
        String canonical = "{\"e\":\"" + e + "\",\"kty\":\"RSA\",\"n\":\"" + n + "\"}";
        try {
            return ENCODER.encodeToString(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /**
     * The key, if this is a well-formed RS256 signing key whose kid is its thumbprint; otherwise
     * an {@link IllegalArgumentException} saying what is wrong.
     */
    public RSAPublicKey publicKey() {
        if (!"RSA".equals(kty) || !"RS256".equals(alg) || !"sig".equals(use) || n == null || e == null || kid == null) {
            throw new IllegalArgumentException("not an RS256 signing key: kty=" + kty + ", alg=" + alg + ", use=" + use);
        }
        if (!thumbprint(n, e).equals(kid)) {
            throw new IllegalArgumentException("kid " + kid + " is not the key's RFC 7638 thumbprint");
        }
        try {
            RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(
                    new RSAPublicKeySpec(new BigInteger(1, DECODER.decode(n)), new BigInteger(1, DECODER.decode(e))));
            if (key.getModulus().bitLength() < 2048) {
                throw new IllegalArgumentException("RSA key shorter than 2048 bits");
            }
            return key;
        } catch (GeneralSecurityException wrong) {
            throw new IllegalArgumentException("not an RSA public key: " + wrong.getMessage(), wrong);
        }
    }

    /** A positive big integer's bytes without the sign byte Java may put in front. */
    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes.length > 1 && bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }
}
