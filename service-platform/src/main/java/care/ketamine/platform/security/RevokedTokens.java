package care.ketamine.platform.security;

/**
 * What a service knows to be revoked although still unexpired: a signed-out console session, a
 * deactivated clinician. Asked on every request, also for a token already verified, so it must
 * answer from memory.
 */
public interface RevokedTokens {

    /**
     * Why the token may no longer be used, or null when it may. Given the token's subject and id rather than
     * the token itself, so that a live stream can ask long after its request (and request scope) ended.
     */
    String revoked(String subject, String tokenId);
}
