package care.ketamine.alerting.push;

import care.ketamine.contracts.security.Roles;
import care.ketamine.platform.problem.Problem;
import care.ketamine.platform.problem.ProblemException;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A signed-in person lets this browser be paged by Web Push: the console subscribes with our VAPID public key and
 * hands us the browser's {@code PushSubscription} as JSON. The endpoint must be https on a known push service
 * ({@code alerting.push.endpoint-hosts}): we call whatever URL is kept here, so it may not point into the clinic.
 */
@Path("/push")
@Tag(name = "Alerts")
@SecurityRequirement(name = "jwt")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
@RolesAllowed({Roles.ON_CALL, Roles.CLINICIAN, Roles.ADMIN})
public class PushSubscriptionResource {

    /** A browser's PushSubscription.toJSON(). */
    public record SubscriptionRequest(String endpoint, Long expirationTime, Keys keys) {
        public record Keys(String p256dh, String auth) {
        }
    }

    /** A kept subscription as its owner sees it. */
    public record SubscriptionView(UUID id, String endpoint, Instant createdAt) {
    }

    public record PublicKey(String publicKey) {
    }

    private final PushSubscriptions subscriptions;
    private final Vapid vapid;
    private final JsonWebToken token;
    private final List<String> endpointHosts;
    private final boolean allowHttpLoopback;

    public PushSubscriptionResource(PushSubscriptions subscriptions, Vapid vapid, JsonWebToken token,
                                    @ConfigProperty(name = "alerting.push.endpoint-hosts") List<String> endpointHosts,
                                    @ConfigProperty(name = "alerting.push.allow-http-loopback", defaultValue = "false") boolean allowHttpLoopback) {
        this.subscriptions = subscriptions;
        this.vapid = vapid;
        this.token = token;
        this.endpointHosts = endpointHosts.stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty()).toList();
        this.allowHttpLoopback = allowHttpLoopback;
    }

    @GET
    @Path("/vapid-public-key")
    @Operation(summary = "The key a browser subscribes with (applicationServerKey), base64url")
    public PublicKey publicKey() {
        return new PublicKey(vapid.publicKey().orElseThrow(() -> new ProblemException(Response.Status.NOT_FOUND,
                "Web Push is not set up here")));
    }

    @GET
    @Path("/subscriptions")
    @Blocking
    @Operation(summary = "My browsers that take pages by Web Push")
    public List<SubscriptionView> mine() {
        return subscriptions.of(token.getSubject()).stream()
                .map(s -> new SubscriptionView(s.id(), s.endpoint(), s.createdAt())).toList();
    }

    @POST
    @Path("/subscriptions")
    @Blocking
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Page this browser by Web Push", description = "The body is the browser's PushSubscription as JSON. "
            + "The same endpoint again replaces its keys. At most 5 browsers per person.")
    public Response subscribe(SubscriptionRequest request) {
        if (!vapid.enabled()) {
            throw new ProblemException(Response.Status.NOT_FOUND, "Web Push is not set up here");
        }
        List<Problem.Violation> problems = problems(request);
        if (!problems.isEmpty()) {
            throw ProblemException.invalid("Not a push subscription this service can use", problems);
        }
        PushSubscriptions.Subscription kept = subscriptions.add(token.getSubject(), request.endpoint().strip(),
                request.keys().p256dh().strip(), request.keys().auth().strip());
        return Response.status(Response.Status.CREATED)
                .entity(new SubscriptionView(kept.id(), kept.endpoint(), kept.createdAt())).build();
    }

    @DELETE
    @Path("/subscriptions/{id}")
    @Blocking
    @Operation(summary = "Stop paging this browser by Web Push")
    public Response unsubscribe(@PathParam("id") String id) {
        UUID subscription = ProblemException.uuidOrNotFound("push subscription", id);
        if (!subscriptions.remove(token.getSubject(), subscription)) {
            throw ProblemException.notFound("push subscription");
        }
        return Response.noContent().build();
    }

    List<Problem.Violation> problems(SubscriptionRequest request) {
        List<Problem.Violation> problems = new ArrayList<>();
        if (request == null) {
            return List.of(new Problem.Violation("body", "is a PushSubscription: endpoint and keys"));
        }
        String endpointProblem = endpointProblem(request.endpoint());
        if (endpointProblem != null) {
            problems.add(new Problem.Violation("endpoint", endpointProblem));
        }
        if (request.keys() == null) {
            problems.add(new Problem.Violation("keys", "is required: p256dh and auth"));
            return problems;
        }
        String p256dh = request.keys().p256dh();
        if (p256dh == null || p256dh.length() > 200 || P256.fromBase64Url(p256dh.strip()).flatMap(P256::publicKey).isEmpty()) {
            problems.add(new Problem.Violation("keys.p256dh", "must be the browser's P-256 public key, 65 bytes in base64url"));
        }
        String auth = request.keys().auth();
        if (auth == null || auth.length() > 100 || P256.fromBase64Url(auth.strip()).filter(b -> b.length == 16).isEmpty()) {
            problems.add(new Problem.Violation("keys.auth", "must be the browser's auth secret, 16 bytes in base64url"));
        }
        return problems;
    }

    private String endpointProblem(String endpoint) {
        if (endpoint == null || endpoint.isBlank()) {
            return "is required";
        }
        if (endpoint.length() > 2048) {
            return "is at most 2048 characters";
        }
        URI uri;
        try {
            uri = new URI(endpoint.strip());
        } catch (URISyntaxException e) {
            return "is not a URL";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        boolean loopback = host.equals("localhost") || host.matches("127(\\.\\d{1,3}){3}");
        if (!(scheme.equals("https") || (scheme.equals("http") && loopback && allowHttpLoopback))) {
            return "must be an https URL";
        }
        if (host.isEmpty() || uri.getRawUserInfo() != null) {
            return "must be an https URL of a push service";
        }
        boolean known = endpointHosts.stream().anyMatch(h -> h.startsWith(".") ? host.endsWith(h) : host.equals(h));
        if (!known) {
            return "is not on a push service this clinic uses (" + String.join(", ", endpointHosts) + ")";
        }
        return null;
    }
}
