package care.ketamine.alerting.push;

import care.ketamine.alerting.audit.ActionAudit;
import care.ketamine.platform.problem.Problem;
import care.ketamine.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;

import java.util.ArrayList;
import java.util.List;

/**
 * A person lets a browser be paged by Web Push, or stops it: from this service's REST API or from the console (a
 * command on {@code alerts.commands}). Who it is for is always the verified caller, never anything in the request; an
 * endpoint kept for another person is refused and the refusal audited, so nobody takes over someone else's browser
 * and the pages meant for it.
 */
@ApplicationScoped
public class PushRegistration {

    private final PushSubscriptions subscriptions;
    private final PushServices pushServices;
    private final Vapid vapid;
    private final ActionAudit audit;

    public PushRegistration(PushSubscriptions subscriptions, PushServices pushServices, Vapid vapid, ActionAudit audit) {
        this.subscriptions = subscriptions;
        this.pushServices = pushServices;
        this.vapid = vapid;
        this.audit = audit;
    }

    /**
     * Keeps the browser's subscription for the person (the same endpoint again renews its keys).
     *
     * @throws ProblemException 404 while Web Push is not set up; 400 for a subscription we cannot use (or one browser
     *                          too many); {@code taken} for an endpoint kept for someone else (nothing changes)
     */
    @Transactional
    public PushSubscriptions.Subscription subscribe(String staffId, String role, String endpoint, String p256dh, String auth,
                                                   Response.Status taken) {
        if (!vapid.enabled()) {
            throw new ProblemException(Response.Status.NOT_FOUND, "Web Push is not set up here");
        }
        List<Problem.Violation> problems = problems(endpoint, p256dh, auth);
        if (!problems.isEmpty()) {
            throw ProblemException.invalid("Not a push subscription this service can use", problems);
        }
        return subscriptions.add(staffId, endpoint.strip(), p256dh.strip(), auth.strip()).orElseThrow(() -> {
            // A browser's endpoint is its address for pages: another person's stays theirs until they let it go.
            audit.denied(staffId, role, "push.subscribe", null);
            return new ProblemException(taken,
                    "This browser takes pages for someone else: they turn it off first (or sign in as them and do it)");
        });
    }

    /** Stops paging the person's browser of this endpoint; 404 when they have none (another person's stays). */
    @Transactional
    public void unsubscribe(String staffId, String role, String endpoint) {
        if (endpoint == null || endpoint.isBlank() || !subscriptions.removeEndpoint(staffId, endpoint.strip())) {
            throw ProblemException.notFound("push subscription");
        }
    }

    /** What is wrong with a browser's subscription for us: an endpoint we may call, and keys we can encrypt to. */
    public List<Problem.Violation> problems(String endpoint, String p256dh, String auth) {
        List<Problem.Violation> problems = new ArrayList<>();
        pushServices.problem(endpoint).ifPresent(problem -> problems.add(new Problem.Violation("endpoint", problem)));
        if (p256dh == null || p256dh.length() > 200 || P256.fromBase64Url(p256dh.strip()).flatMap(P256::publicKey).isEmpty()) {
            problems.add(new Problem.Violation("keys.p256dh", "must be the browser's P-256 public key, 65 bytes in base64url"));
        }
        if (auth == null || auth.length() > 100 || P256.fromBase64Url(auth.strip()).filter(b -> b.length == 16).isEmpty()) {
            problems.add(new Problem.Violation("keys.auth", "must be the browser's auth secret, 16 bytes in base64url"));
        }
        return problems;
    }
}
