package care.ketamine.alerting.push;

import care.ketamine.platform.heartbeat.WebPushKey;
import io.quarkus.logging.Log;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The clinic's application server key for Web Push, and the VAPID token (RFC 8292) that shows a push service each
 * message comes from the holder of the key the browser subscribed with. Configured as base64url
 * ({@code alerting.push.vapid.public-key}: the 65-byte point; {@code private-key}: the 32-byte scalar) with a contact
 * ({@code subject}: mailto: or https:). Unset, push is off; {@code alerting.push.vapid.generate=true} makes a key pair
 * at start instead, which only the local, dev and test profiles may do: browsers' subscriptions are bound to the key,
 * so a key that changes at every start is for trying things only. The public key goes out with every heartbeat: the
 * console subscribes browsers with it.
 */
@ApplicationScoped
public class Vapid implements WebPushKey {

    /** RFC 8292 §2: a token lives at most 24 hours; ours 12, so a clock a little off is no matter. */
    static final Duration TOKEN_LIFETIME = Duration.ofHours(12);

    /** The key pair and the contact a push service may write to about our traffic. */
    public record Keys(ECPublicKey publicKey, ECPrivateKey privateKey, String subject) {
    }

    private final Optional<Keys> keys;

    public Vapid(@ConfigProperty(name = "alerting.push.vapid.public-key") Optional<String> publicKey,
                 @ConfigProperty(name = "alerting.push.vapid.private-key") Optional<String> privateKey,
                 @ConfigProperty(name = "alerting.push.vapid.subject") Optional<String> subject,
                 @ConfigProperty(name = "alerting.push.vapid.generate", defaultValue = "false") boolean generate) {
        this.keys = keys(publicKey.filter(k -> !k.isBlank()), privateKey.filter(k -> !k.isBlank()), subject, generate,
                ConfigUtils.getProfiles());
    }

    static Optional<Keys> keys(Optional<String> publicKey, Optional<String> privateKey, Optional<String> subject,
                               boolean generate, List<String> profiles) {
        if (publicKey.isPresent() != privateKey.isPresent()) {
            throw new IllegalStateException("alerting.push.vapid.public-key and private-key are set together, or neither");
        }
        if (publicKey.isPresent()) {
            ECPublicKey pub = P256.fromBase64Url(publicKey.get().strip()).flatMap(P256::publicKey).orElseThrow(() ->
                    new IllegalStateException("alerting.push.vapid.public-key must be a base64url P-256 point (65 bytes)"));
            ECPrivateKey priv = P256.fromBase64Url(privateKey.get().strip()).filter(b -> b.length == 32).map(P256::privateKey)
                    .orElseThrow(() -> new IllegalStateException("alerting.push.vapid.private-key must be a base64url P-256 scalar (32 bytes)"));
            Keys keys = new Keys(pub, priv, subject(subject.orElse(null)));
            if (!pairs(keys)) {
                throw new IllegalStateException("alerting.push.vapid.public-key is not the public key of alerting.push.vapid.private-key");
            }
            return Optional.of(keys);
        }
        if (!generate) {
            return Optional.empty();
        }
        if (profiles.contains("prod") || profiles.stream().noneMatch(p -> p.equals("local") || p.equals("dev") || p.equals("test"))) {
            throw new IllegalStateException("alerting.push.vapid.generate is for the local, dev and test profiles only: "
                    + "configure alerting.push.vapid.public-key and private-key");
        }
        KeyPair pair = P256.generate();
        Log.infof("Web Push: a VAPID key pair made for this run only (profiles %s); subscriptions end with it", profiles);
        return Optional.of(new Keys((ECPublicKey) pair.getPublic(), (ECPrivateKey) pair.getPrivate(),
                subject(subject.orElse("mailto:on-call@ketamine.local"))));
    }

    private static String subject(String subject) {
        String s = subject == null ? "" : subject.strip();
        String lower = s.toLowerCase(Locale.ROOT);
        if (!(lower.startsWith("mailto:") && s.length() > 7) && !(lower.startsWith("https://") && s.length() > 8)) {
            throw new IllegalStateException("alerting.push.vapid.subject must be a mailto: or https: contact (RFC 8292 §2.1)");
        }
        return s;
    }

    private static boolean pairs(Keys keys) {
        try {
            byte[] probe = "vapid".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(keys.privateKey());
            signer.update(probe);
            byte[] signed = signer.sign();
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(keys.publicKey());
            verifier.update(probe);
            return verifier.verify(signed);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    public boolean enabled() {
        return keys.isPresent();
    }

    /** The application server key browsers subscribe with ({@code applicationServerKey}), base64url. */
    @Override
    public Optional<String> publicKey() {
        return keys.map(k -> P256.base64Url(P256.raw(k.publicKey())));
    }

    /**
     * RFC 8292 §3: {@code vapid t=<JWT>, k=<public key>}, the JWT (ES256, §2) naming the endpoint's origin as audience,
     * when it expires, and our contact.
     */
    public String authorization(URI endpoint, Instant now) {
        Keys k = keys.orElseThrow();
        String header = P256.base64Url("{\"typ\":\"JWT\",\"alg\":\"ES256\"}".getBytes(StandardCharsets.UTF_8));
        String claims = P256.base64Url(("{\"aud\":\"" + origin(endpoint) + "\",\"exp\":" + now.plus(TOKEN_LIFETIME).getEpochSecond()
                + ",\"sub\":\"" + k.subject().replace("\\", "\\\\").replace("\"", "\\\"") + "\"}").getBytes(StandardCharsets.UTF_8));
        String signingInput = header + "." + claims;
        try {
            // JWS ES256 (RFC 7518 §3.4): the signature is R || S, 64 bytes, not DER.
            Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
            signer.initSign(k.privateKey());
            signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return "vapid t=" + signingInput + "." + P256.base64Url(signer.sign()) + ", k=" + publicKey().orElseThrow();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ES256 is part of every JVM", e);
        }
    }

    /** RFC 6454 origin: scheme, host, and the port when it is not the scheme's default. */
    static String origin(URI endpoint) {
        String scheme = endpoint.getScheme().toLowerCase(Locale.ROOT);
        int port = endpoint.getPort();
        boolean defaultPort = port == -1 || (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
        return scheme + "://" + endpoint.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }
}
