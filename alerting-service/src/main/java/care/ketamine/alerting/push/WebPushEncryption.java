package care.ketamine.alerting.push;

import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;

/**
 * Message encryption for Web Push (RFC 8291) in the aes128gcm content coding (RFC 8188): only the browser that holds
 * the subscription's private key and auth secret can read a page; the push service in between sees bytes. One record,
 * so a message is at most {@link #LONGEST_PLAINTEXT} bytes (RFC 8291 §4: a push service need take no more than 4096).
 */
public final class WebPushEncryption {

    /** RFC 8188 §2: the record size; RFC 8291 §4 sends one record of at most 4096 bytes. */
    static final int RECORD_SIZE = 4096;
    /** 4096 minus the header (86), the GCM tag (16) and the padding delimiter (1). */
    public static final int LONGEST_PLAINTEXT = 4096 - 86 - 16 - 1;

    private static final SecureRandom RANDOM = new SecureRandom();

    private WebPushEncryption() {
    }

    /**
     * @param uaPublic   the subscription's {@code p256dh}: the browser's public key, 65 bytes
     * @param authSecret the subscription's {@code auth}: 16 bytes
     * @return the request body: the RFC 8188 header (salt, record size, our ephemeral public key) and the record
     */
    public static byte[] encrypt(byte[] plaintext, byte[] uaPublic, byte[] authSecret) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        // RFC 8291 §3.1: a new key pair for every message.
        return encrypt(plaintext, uaPublic, authSecret, salt, P256.generate());
    }

    /** As {@link #encrypt(byte[], byte[], byte[])} with the salt and ephemeral key given (RFC 8291 Appendix A). */
    static byte[] encrypt(byte[] plaintext, byte[] uaPublic, byte[] authSecret, byte[] salt, KeyPair asKeys) {
        if (plaintext.length > LONGEST_PLAINTEXT) {
            throw new IllegalArgumentException("a push message holds at most " + LONGEST_PLAINTEXT + " bytes, not " + plaintext.length);
        }
        if (authSecret.length != 16 || salt.length != 16) {
            throw new IllegalArgumentException("the auth secret and the salt are 16 bytes");
        }
        ECPublicKey ua = P256.publicKey(uaPublic).orElseThrow(() -> new IllegalArgumentException("p256dh is not a P-256 public key"));
        byte[] asPublic = P256.raw((ECPublicKey) asKeys.getPublic());
        try {
            // RFC 8291 §3.1: the shared secret of our ephemeral key and the browser's.
            KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
            agreement.init(asKeys.getPrivate());
            agreement.doPhase(ua, true);
            byte[] ecdhSecret = agreement.generateSecret();

            // RFC 8291 §3.3 and §3.4: IKM from the shared secret, the auth secret and both public keys.
            byte[] keyInfo = concat("WebPush: info\0".getBytes(StandardCharsets.US_ASCII), uaPublic, asPublic);
            byte[] ikm = hkdf(authSecret, ecdhSecret, keyInfo, 32);
            // RFC 8188 §2.2 and §2.3: the content-encryption key and the nonce from the salt.
            byte[] cek = hkdf(salt, ikm, "Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII), 16);
            byte[] nonce = hkdf(salt, ikm, "Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII), 12);

            // RFC 8188 §2: the last (here the only) record ends with the delimiter 0x02, unpadded; sequence 0, so the
            // nonce is used as derived.
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
            byte[] record = gcm.doFinal(concat(plaintext, new byte[] {2}));

            // RFC 8188 §2.1: salt (16) || rs (4) || idlen (1) || keyid; RFC 8291 §4: keyid is our public key.
            ByteBuffer header = ByteBuffer.allocate(16 + 4 + 1 + asPublic.length);
            header.put(salt).putInt(RECORD_SIZE).put((byte) asPublic.length).put(asPublic);
            return concat(header.array(), record);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ECDH, HMAC-SHA256 and AES-GCM are part of every JVM", e);
        }
    }

    /** RFC 5869 HKDF-SHA256, for at most 32 bytes of output (one round of the expansion). */
    static byte[] hkdf(byte[] salt, byte[] ikm, byte[] info, int length) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(salt, "HmacSHA256"));
        byte[] prk = mac.doFinal(ikm);
        mac.init(new SecretKeySpec(prk, "HmacSHA256"));
        mac.update(info);
        mac.update((byte) 1);
        return Arrays.copyOf(mac.doFinal(), length);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
