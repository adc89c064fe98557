package care.ketamine.platform.security;

import java.security.PublicKey;
import java.util.Optional;

/**
 * Keys other than the configured identity provider's that a service trusts, by the {@code kid} a
 * token names in its JWS header: in vitals, the keys session-service signs device tokens with
 * (published on {@code sessions.device-keys}). A token whose kid is found here is verified with
 * that key alone; any other token with the configured key, as before. Asked only for a token not
 * yet verified, so an answer from memory is expected.
 */
public interface SigningKeys {

    Optional<PublicKey> key(String kid);
}
