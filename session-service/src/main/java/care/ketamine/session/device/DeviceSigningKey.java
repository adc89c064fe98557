package care.ketamine.session.device;

import care.ketamine.contracts.sessions.DeviceKeyPublished;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.smallrye.jwt.util.KeyUtils;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.time.Instant;
import java.util.Optional;

/**
 * The key session-service signs device tokens with ({@code jwt.private-key.location}: an RSA
 * private key, PKCS#8 PEM or JWK). Its id, the RFC 7638 thumbprint of its public part, goes in
 * each token's JWS header, and the public part is published on {@code sessions.device-keys}
 * ({@link PublishDeviceKey}) for vitals, which thus learns a new key without a restart.
 */
@ApplicationScoped
public class DeviceSigningKey {

    private final PrivateKey privateKey;
    private final RSAPublicKey publicKey;
    private final String kid;

    public DeviceSigningKey(@ConfigProperty(name = "smallrye.jwt.sign.key.location") Optional<String> location) {
        String where = location.filter(l -> !l.isBlank()).orElseThrow(() -> new IllegalStateException(
                "Refusing to start: no key to sign device tokens with: set jwt.private-key.location"
                        + " to session-service's own RSA private key (PKCS#8 PEM)"));
        try {
            Key key = KeyUtils.readSigningKey(where, null, SignatureAlgorithm.RS256);
            if (!(key instanceof RSAPrivateCrtKey rsa)) {
                throw new IllegalStateException("Refusing to start: jwt.private-key.location (" + where
                        + ") is not an RSA private key with its public part (PKCS#8 PEM)");
            }
            this.privateKey = rsa;
            this.publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
        } catch (IOException | GeneralSecurityException unreadable) {
            throw new IllegalStateException("Refusing to start: cannot read jwt.private-key.location (" + where + "): "
                    + unreadable.getMessage(), unreadable);
        }
        this.kid = DeviceKeyPublished.of(publicKey, Instant.EPOCH).kid();
    }

    /** The token with these claims, signed RS256 with this key, its kid in the header. */
    public String sign(JwtClaimsBuilder claims) {
        return claims.jws().algorithm(SignatureAlgorithm.RS256).keyId(kid).sign(privateKey);
    }

    public String kid() {
        return kid;
    }

    /** What verifies the tokens this key signed ({@link DeviceCaller}). */
    RSAPublicKey publicKey() {
        return publicKey;
    }

    /** The public key as a JWK, published now. */
    public DeviceKeyPublished published(Instant at) {
        return DeviceKeyPublished.of(publicKey, at);
    }
}
