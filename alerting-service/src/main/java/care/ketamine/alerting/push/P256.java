package care.ketamine.alerting.push;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * The P-256 keys of Web Push as they travel: a public key as the 65-byte uncompressed point (0x04 || X || Y, SEC1
 * 2.3.3), a private key as its 32-byte scalar, both base64url without padding (RFC 8291 §2, RFC 8292 §3.2).
 */
public final class P256 {

    public static final ECParameterSpec CURVE;

    static {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec("secp256r1"));
            CURVE = parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private P256() {
    }

    public static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("P-256 is part of every JVM", e);
        }
    }

    public static byte[] raw(ECPublicKey key) {
        byte[] raw = new byte[65];
        raw[0] = 0x04;
        System.arraycopy(unsigned32(key.getW().getAffineX()), 0, raw, 1, 32);
        System.arraycopy(unsigned32(key.getW().getAffineY()), 0, raw, 33, 32);
        return raw;
    }

    public static byte[] raw(ECPrivateKey key) {
        return unsigned32(key.getS());
    }

    /** The public key of these 65 bytes, when they are an uncompressed point on P-256. */
    public static Optional<ECPublicKey> publicKey(byte[] raw) {
        if (raw == null || raw.length != 65 || raw[0] != 0x04) {
            return Optional.empty();
        }
        BigInteger x = new BigInteger(1, Arrays.copyOfRange(raw, 1, 33));
        BigInteger y = new BigInteger(1, Arrays.copyOfRange(raw, 33, 65));
        if (!onCurve(x, y)) {
            return Optional.empty();
        }
        try {
            return Optional.of((ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), CURVE)));
        } catch (GeneralSecurityException e) {
            return Optional.empty();
        }
    }

    public static ECPrivateKey privateKey(byte[] scalar) {
        if (scalar == null || scalar.length != 32) {
            throw new IllegalArgumentException("a P-256 private key is 32 bytes");
        }
        try {
            return (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(new BigInteger(1, scalar), CURVE));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a P-256 private key", e);
        }
    }

    /** y² = x³ + ax + b (mod p), with x and y in the field: a point an attacker made up off the curve is refused. */
    static boolean onCurve(BigInteger x, BigInteger y) {
        BigInteger p = ((ECFieldFp) CURVE.getCurve().getField()).getP();
        if (x.signum() < 0 || y.signum() < 0 || x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
            return false;
        }
        BigInteger left = y.modPow(BigInteger.TWO, p);
        BigInteger right = x.pow(3).add(CURVE.getCurve().getA().multiply(x)).add(CURVE.getCurve().getB()).mod(p);
        return left.equals(right);
    }

    public static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Base64url with or without padding; empty when it is not base64url at all. */
    public static Optional<byte[]> fromBase64Url(String text) {
        if (text == null || !text.matches("[A-Za-z0-9_-]*={0,2}")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Base64.getUrlDecoder().decode(text.replace("=", "")));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static byte[] unsigned32(BigInteger value) {
        byte[] bytes = value.toByteArray();
        byte[] out = new byte[32];
        int copy = Math.min(bytes.length, 32);
        System.arraycopy(bytes, bytes.length - copy, out, 32 - copy, copy);
        return out;
    }
}
