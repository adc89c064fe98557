package care.ketamine.platform.security;

import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * What a service knows to be revoked although still unexpired: a signed-out console session, a
 * deactivated clinician. Asked on every request, also for a token already verified, so it must
 * answer from memory.
 */
public interface RevokedTokens {

    /** Why the token may no longer be used, or null when it may. */
    String revoked(JsonWebToken token);
}
