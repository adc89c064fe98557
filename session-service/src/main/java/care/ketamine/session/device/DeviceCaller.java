package care.ketamine.session.device;

import care.ketamine.contracts.security.Audiences;
import care.ketamine.contracts.security.Roles;
import care.ketamine.platform.problem.Problem;
import care.ketamine.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The paired device calling one of session-service's device endpoints. session-service's JWT
 * authentication trusts only the identity provider and the audiences session-service and console,
 * so a device token is anonymous to it and refused by every other endpoint. The device endpoints
 * are {@code @PermitAll} and call {@link #require} first, which accepts only a token that
 * session-service signed with its current device key (its kid in the header), for
 * {@link Audiences#SESSION_DEVICE}, unexpired on the service's clock, bound to the session in the
 * path ({@code session_id}), in one of the allowed roles, naming a device paired to that session
 * and not revoked. Anything else: 401 (not such a token) or 403 (a device token, but not for this).
 */
@ApplicationScoped
public class DeviceCaller {

    /** The paired device the token names. */
    public record Device(UUID deviceId, UUID sessionId, String role) {
    }

    private static final String BEARER = "Bearer ";

    private final DeviceSigningKey signingKey;
    private final Clock clock;
    private final String issuer;

    public DeviceCaller(DeviceSigningKey signingKey, Clock clock,
                        @ConfigProperty(name = "mp.jwt.verify.issuer") Optional<String> issuer) {
        this.signingKey = signingKey;
        this.clock = clock;
        this.issuer = issuer.orElse("");
    }

    /**
     * The device behind the {@code Authorization} header, when it may act on this session in one of
     * these roles; otherwise a 401 or 403 problem. Reads the device's pairing in the caller's
     * transaction, or its own.
     */
    @Transactional
    public Device require(String authorization, UUID sessionId, Set<String> roles) {
        JwtClaims claims = verified(authorization);
        try {
            String boundTo = claims.getStringClaimValue(Roles.SESSION_CLAIM);
            if (!sessionId.toString().equals(boundTo)) {
                throw forbidden("This device token is for another session");
            }
            List<String> groups = claims.getStringListClaimValue("groups");
            String role = groups == null ? null : groups.stream().filter(roles::contains).findFirst().orElse(null);
            if (role == null) {
                throw forbidden("Only a paired " + String.join(" or ", roles.stream().sorted().toList()) + " may do this");
            }
            UUID deviceId = deviceId(claims.getStringClaimValue("device_id"));
            PairedDevice device = PairedDevice.findById(deviceId);
            if (device == null || !device.sessionId.equals(sessionId) || !device.role.equals(role)) {
                throw forbidden("This device is not paired to the session");
            }
            if (device.revokedAt != null) {
                throw forbidden("This device was revoked for the session");
            }
            return new Device(deviceId, sessionId, role);
        } catch (MalformedClaimException malformed) {
            throw unauthorized("The device token does not name its session, role and device");
        }
    }

    /**
     * Whether the header carries a token meant for the device endpoints (its audience, read without
     * verifying anything): an endpoint that devices and staff both call uses it to choose how to
     * authenticate, then verifies either way.
     */
    public static boolean presentsDeviceToken(String authorization) {
        if (authorization == null || !authorization.startsWith(BEARER)) {
            return false;
        }
        try {
            JwtClaims claims = new JwtConsumerBuilder().setSkipAllValidators().setDisableRequireSignature()
                    .setSkipSignatureVerification().build().processToClaims(authorization.substring(BEARER.length()).strip());
            return claims.hasAudience() && claims.getAudience().contains(Audiences.SESSION_DEVICE);
        } catch (InvalidJwtException | MalformedClaimException unreadable) {
            return false;
        }
    }

    private static UUID deviceId(String claim) {
        try {
            return UUID.fromString(claim == null ? "" : claim);
        } catch (IllegalArgumentException notAnId) {
            throw unauthorized("The device token does not name its device");
        }
    }

    private JwtClaims verified(String authorization) {
        if (authorization == null || !authorization.startsWith(BEARER)) {
            throw unauthorized("A paired device's token is required (Authorization: Bearer)");
        }
        String token = authorization.substring(BEARER.length()).strip();
        JwtConsumer consumer = new JwtConsumerBuilder()
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256)
                .setVerificationKey(signingKey.publicKey())
                .setExpectedIssuer(issuer)
                .setExpectedAudience(Audiences.SESSION_DEVICE)
                .setRequireExpirationTime()
                .setRequireSubject()
                // The service's clock, so that tests which move it forward see tokens expire.
                .setEvaluationTime(NumericDate.fromMilliseconds(clock.millis()))
                .build();
        try {
            JwtContext context = consumer.process(token);
            String kid = context.getJoseObjects().get(0).getKeyIdHeaderValue();
            if (!signingKey.kid().equals(kid)) {
                throw unauthorized("This token was not signed with session-service's device key: pair the device again");
            }
            return context.getJwtClaims();
        } catch (InvalidJwtException invalid) {
            throw unauthorized(invalid.hasExpired()
                    ? "The device token has expired: pair the device again"
                    : "Not a device token of session-service for this endpoint");
        }
    }

    private static ProblemException unauthorized(String detail) {
        return new ProblemException(Problem.of(Response.Status.UNAUTHORIZED, detail), Map.of("WWW-Authenticate", "Bearer"));
    }

    private static ProblemException forbidden(String detail) {
        return new ProblemException(Response.Status.FORBIDDEN, detail);
    }
}
