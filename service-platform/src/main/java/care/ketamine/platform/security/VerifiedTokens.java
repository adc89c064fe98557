package care.ketamine.platform.security;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import org.eclipse.microprofile.jwt.JsonWebToken;

import javax.crypto.SecretKey;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies a bearer token once, not on every request. A paired device posts a reading every few
 * seconds with the same token, and verifying it (RSA, base64, JSON) was 28 % of vitals' CPU
 * samples under the benchmark's load. A token is remembered by its exact text, which verifies
 * the same way every time, until its {@code exp}; then it is verified again, and refused.
 * Nothing that can change is cached: a revoked device is refused by vitals' screening on every
 * reading, not by its token.
 *
 * <p>Used by Quarkus' JWT authentication in place of smallrye-jwt's parser (a CDI alternative).
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokens implements JWTParser {

    /** About 10,000 devices (2,000 readings/s at one per 5 s) plus staff; a token costs ~1.5 KB. */
    static final int MAX_REMEMBERED = 12_000;

    private final DefaultJWTParser verifier;
    private final ConcurrentHashMap<String, JsonWebToken> verified = new ConcurrentHashMap<>();

    public VerifiedTokens(DefaultJWTParser verifier) {
        this.verifier = verifier;
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        JsonWebToken known = verified.get(token);
        if (known != null && unexpired(known)) {
            return known;
        }
        JsonWebToken fresh = verifier.parse(token);
        if (verified.size() >= MAX_REMEMBERED) {
            // Rare (more live tokens than devices in a clinic); start again rather than track recency per request.
            verified.clear();
        }
        if (unexpired(fresh)) {
            verified.put(token, fresh);
        }
        return fresh;
    }

    private boolean unexpired(JsonWebToken token) {
        // The wall clock, as smallrye-jwt's own check of exp uses.
        return token.getExpirationTime() > System.currentTimeMillis() / 1000;
    }

    int remembered() {
        return verified.size();
    }

    // The rest is not on the request path: straight to smallrye-jwt.

    @Override
    public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
        return verifier.parse(token, context);
    }

    @Override
    public JsonWebToken verify(String token, PublicKey key) throws ParseException {
        return verifier.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, SecretKey key) throws ParseException {
        return verifier.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, String secret) throws ParseException {
        return verifier.verify(token, secret);
    }

    @Override
    public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
        return verifier.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
        return verifier.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, String secret) throws ParseException {
        return verifier.decrypt(token, secret);
    }

    @Override
    public JsonWebToken parseOnly(String token) throws ParseException {
        return verifier.parseOnly(token);
    }
}
