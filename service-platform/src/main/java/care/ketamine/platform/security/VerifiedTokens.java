package care.ketamine.platform.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Instance;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

import javax.crypto.SecretKey;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Verifies a bearer token once, not on every request. A paired device posts a reading every few
 * seconds with the same token, and verifying it (RSA, base64, JSON) was the largest share of
 * vitals' CPU under load. Before anything else a token must have the canonical form
 * ({@link TokenForm}): otherwise one valid token could be sent in endless spellings, each a new
 * entry. What is remembered is bounded by an estimate of its bytes on the heap, and each entry
 * leaves at its token's {@code exp}. Revocation ({@link RevokedTokens}) is asked on every use,
 * remembered or not. A token naming a {@code kid} that a {@link SigningKeys} knows (a device key
 * published by session-service) is verified with that key alone, with the same issuer, audience
 * and expiry checks; every other token with the configured key.
 *
 * <p>Used by Quarkus' JWT authentication in place of smallrye-jwt's parser (a CDI alternative).
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokens implements JWTParser {

    private static final Logger LOG = Logger.getLogger(VerifiedTokens.class);

    private final DefaultJWTParser verifier;
    private static final ObjectMapper HEADER_READER = new ObjectMapper();

    private final Instance<RevokedTokens> revocations;
    private final Instance<SigningKeys> signingKeys;
    private final Cache<String, JsonWebToken> verified;
    private final long maxBytes;
    private final Clock clock;

    public VerifiedTokens(DefaultJWTParser verifier, Instance<RevokedTokens> revocations, Instance<SigningKeys> signingKeys,
                          MeterRegistry registry, Clock clock,
                          @ConfigProperty(name = "security.verified-tokens.max-bytes", defaultValue = "16000000") long maxBytes) {
        this.verifier = verifier;
        this.revocations = revocations;
        this.signingKeys = signingKeys;
        this.maxBytes = maxBytes;
        this.clock = clock;
        // exp is a wall-clock time, so the cache's time is the service's clock (the system clock but in tests).
        this.verified = Caffeine.newBuilder()
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .maximumWeight(maxBytes)
                .weigher((String text, JsonWebToken token) -> heapBytes(text))
                .expireAfter(new UntilExpiry())
                .build();
        Gauge.builder("security_verified_tokens_bytes", this, VerifiedTokens::rememberedBytes)
                .description("Estimated heap held by remembered verified tokens (bounded by security.verified-tokens.max-bytes)")
                .register(registry);
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        JsonWebToken known = token == null ? null : verified.getIfPresent(token);
        if (known != null && unexpired(known)) {
            refuseIfRevoked(known);
            return known;
        }
        String malformed = TokenForm.problem(token);
        if (malformed != null) {
            throw new ParseException("Bearer token refused before verification: " + malformed);
        }
        JsonWebToken fresh = verified(token);
        refuseIfRevoked(fresh);
        if (unexpired(fresh)) {
            verified.put(token, fresh);
        }
        return fresh;
    }

    /** Verified with the key its kid names, if a {@link SigningKeys} knows it; else with the configured key. */
    private JsonWebToken verified(String token) throws ParseException {
        String kid = keyId(token);
        if (kid != null) {
            for (SigningKeys keys : signingKeys) {
                Optional<PublicKey> key = keys.key(kid);
                if (key.isPresent()) {
                    return verifier.verify(token, key.get());
                }
            }
        }
        return verifier.parse(token);
    }

    /** The kid in the JWS header of a token of canonical form, or null when it names none. */
    static String keyId(String token) {
        try {
            JsonNode header = HEADER_READER.readTree(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))));
            JsonNode kid = header == null ? null : header.get("kid");
            return kid != null && kid.isTextual() ? kid.asText() : null;
        } catch (java.io.IOException | IllegalArgumentException unreadable) {
            // The signature check that follows refuses it with smallrye-jwt's own message.
            return null;
        }
    }

    private void refuseIfRevoked(JsonWebToken token) throws ParseException {
        for (RevokedTokens revoked : revocations) {
            String why = revoked.revoked(token.getSubject(), token.getTokenID());
            if (why != null) {
                LOG.debugf("Refused a revoked token: %s", why);
                throw new ParseException("Bearer token revoked: " + why);
            }
        }
    }

    private boolean unexpired(JsonWebToken token) {
        return TimeUnit.SECONDS.toMillis(token.getExpirationTime()) > clock.millis();
    }

    /** The token's text twice over (the text and its parsed claims) plus the objects around them. */
    static int heapBytes(String token) {
        return 3 * token.length() + 1024;
    }

    /** What the remembered tokens are estimated to hold on the heap; never above {@link #maxBytes()}. */
    public long rememberedBytes() {
        verified.cleanUp();
        return verified.policy().eviction().orElseThrow().weightedSize().orElse(0L);
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** Forgets every remembered token: each verifies again at its next use (a test's known starting point). */
    public void forgetAll() {
        verified.invalidateAll();
        verified.cleanUp();
    }

    /** True while the token's text is remembered, i.e. verified and not yet at its exp. */
    public boolean remembers(String token) {
        return verified.getIfPresent(token) != null;
    }

    /** Each entry leaves the cache at its token's exp (currentTime is the ticker's: the clock's millis in nanos). */
    private static final class UntilExpiry implements Expiry<String, JsonWebToken> {
        @Override
        public long expireAfterCreate(String text, JsonWebToken token, long currentTime) {
            long left = TimeUnit.SECONDS.toNanos(token.getExpirationTime()) - currentTime;
            return Math.max(0, left);
        }

        @Override
        public long expireAfterUpdate(String text, JsonWebToken token, long currentTime, long currentDuration) {
            return expireAfterCreate(text, token, currentTime);
        }

        @Override
        public long expireAfterRead(String text, JsonWebToken token, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }

    // The rest is not on the request path: straight to smallrye-jwt.

    @Override
    public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
        String malformed = TokenForm.problem(token);
        if (malformed != null) {
            throw new ParseException("Bearer token refused before verification: " + malformed);
        }
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
