package care.ketamine.alerting.push;

import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * What a browser and a push service do with a Web Push message, written here apart from the service's own code: read
 * the aes128gcm body (RFC 8188, RFC 8291) with the subscription's private key and auth secret, and verify a VAPID
 * token (RFC 8292).
 */
final class BrowserSide {

    private BrowserSide() {
    }

    static byte[] b64(String text) {
        return Base64.getUrlDecoder().decode(text);
    }

    static PublicKey publicKey(byte[] raw) throws GeneralSecurityException {
        if (raw.length != 65 || raw[0] != 4) {
            throw new GeneralSecurityException("not an uncompressed P-256 point");
        }
        ECPoint point = new ECPoint(new BigInteger(1, Arrays.copyOfRange(raw, 1, 33)), new BigInteger(1, Arrays.copyOfRange(raw, 33, 65)));
        return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, P256.CURVE));
    }

    static PrivateKey privateKey(byte[] scalar) throws GeneralSecurityException {
        return KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(new BigInteger(1, scalar), P256.CURVE));
    }

    /** The plaintext of a one-record aes128gcm body, as the browser reads it. */
    static byte[] decrypt(byte[] body, PrivateKey uaPrivate, byte[] uaPublic, byte[] auth) throws GeneralSecurityException {
        ByteBuffer in = ByteBuffer.wrap(body);
        byte[] salt = new byte[16];
        in.get(salt);
        int rs = in.getInt();
        int idlen = in.get() & 0xff;
        byte[] asPublic = new byte[idlen];
        in.get(asPublic);
        byte[] record = new byte[in.remaining()];
        in.get(record);
        if (rs < 18 || record.length > rs) {
            throw new GeneralSecurityException("record size " + rs + " with a record of " + record.length);
        }
        KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
        agreement.init(uaPrivate);
        agreement.doPhase(publicKey(asPublic), true);
        byte[] shared = agreement.generateSecret();
        byte[] info = concat("WebPush: info".getBytes(StandardCharsets.US_ASCII), new byte[] {0}, uaPublic, asPublic);
        byte[] ikm = expand(extract(auth, shared), info, 32);
        byte[] prk = extract(salt, ikm);
        byte[] cek = expand(prk, concat("Content-Encoding: aes128gcm".getBytes(StandardCharsets.US_ASCII), new byte[] {0}), 16);
        byte[] nonce = expand(prk, concat("Content-Encoding: nonce".getBytes(StandardCharsets.US_ASCII), new byte[] {0}), 12);
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
        byte[] padded = gcm.doFinal(record);
        int end = padded.length - 1;
        while (end >= 0 && padded[end] == 0) {
            end--;
        }
        if (end < 0 || padded[end] != 2) {
            throw new GeneralSecurityException("not the last record (delimiter " + (end < 0 ? "none" : padded[end]) + ")");
        }
        return Arrays.copyOf(padded, end);
    }

    /** Whether an ES256 JWT's signature is the key's; the claims as JSON text. */
    static String verifiedClaims(String jwt, PublicKey key) throws GeneralSecurityException {
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            throw new GeneralSecurityException("not a JWS compact serialization");
        }
        String header = new String(b64(parts[0]), StandardCharsets.UTF_8);
        if (!header.replace(" ", "").contains("\"alg\":\"ES256\"")) {
            throw new GeneralSecurityException("alg is not ES256: " + header);
        }
        Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
        verifier.initVerify(key);
        verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        if (!verifier.verify(b64(parts[2]))) {
            throw new GeneralSecurityException("the signature is not the key's");
        }
        return new String(b64(parts[1]), StandardCharsets.UTF_8);
    }

    private static byte[] extract(byte[] salt, byte[] ikm) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(salt, "HmacSHA256"));
        return mac.doFinal(ikm);
    }

    private static byte[] expand(byte[] prk, byte[] info, int length) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(prk, "HmacSHA256"));
        mac.update(info);
        mac.update((byte) 1);
        return Arrays.copyOf(mac.doFinal(), length);
    }

    private static byte[] concat(byte[]... parts) {
        int length = Arrays.stream(parts).mapToInt(p -> p.length).sum();
        ByteBuffer out = ByteBuffer.allocate(length);
        for (byte[] part : parts) {
            out.put(part);
        }
        return out.array();
    }
}
