package care.ketamine.platform.heartbeat;

import java.util.Optional;

/**
 * The Web Push application server key a service pages browsers with, for its heartbeat to carry, so the console
 * learns it without a copy in its own configuration. alerting provides one bean of this type; the others none.
 */
public interface WebPushKey {

    /** The VAPID public key (base64url); empty while Web Push is not set up. */
    Optional<String> publicKey();
}
