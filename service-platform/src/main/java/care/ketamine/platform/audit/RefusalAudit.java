package care.ketamine.platform.audit;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.TreeSet;

/**
 * Requests refused for want of a token (401) or of a role (403). Both are counted
 * ({@code security_refusals_total} by status), so an operator sees probing or a misconfigured client;
 * a 403 is also written to the {@code audit.refusal} log with who asked for what, because a signed-in
 * person reaching for something their role does not allow is worth a look. 401s are not logged one
 * by one: anybody can send them, and a flood must not flood the log.
 */
@ApplicationScoped
public class RefusalAudit {

    private static final Logger AUDIT = Logger.getLogger("audit.refusal");

    private final MeterRegistry meters;
    private final CurrentIdentityAssociation identities;

    public RefusalAudit(MeterRegistry meters, CurrentIdentityAssociation identities) {
        this.meters = meters;
        this.identities = identities;
    }

    public void unauthenticated() {
        meters.counter("security_refusals_total", "status", "401").increment();
    }

    /** Called after the role check refused: the caller's identity is known by then. */
    public void forbidden(String method, String path) {
        meters.counter("security_refusals_total", "status", "403").increment();
        SecurityIdentity identity;
        try {
            identity = identities.getIdentity();
        } catch (RuntimeException notOurSignIn) {
            // A token the endpoint verified itself (a device token at session-service): asking must not turn the 403 into a 401.
            AUDIT.infof("403 %s %s by a caller the service's sign-in does not know", method, path);
            return;
        }
        String who = identity == null || identity.isAnonymous() ? "anonymous" : identity.getPrincipal().getName();
        String roles = identity == null ? "[]" : new TreeSet<>(identity.getRoles()).toString();
        AUDIT.infof("403 %s %s by %s with roles %s", method, path, who, roles);
    }
}
