package care.ketamine.alerting.push;

import care.ketamine.alerting.alert.Viewer;
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
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A signed-in person lets this browser be paged by Web Push: the console subscribes with our VAPID public key and
 * hands us the browser's {@code PushSubscription} as JSON. The endpoint must be https on a known push service
 * ({@link PushServices}): we call whatever URL is kept here, so it may not point into the clinic. Who subscribes is
 * the token's subject, never anything in the body; an endpoint kept for another person is refused (409), so nobody can
 * take over someone else's browser and the pages meant for it.
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
    private final PushRegistration registration;

    public PushSubscriptionResource(PushSubscriptions subscriptions, Vapid vapid, JsonWebToken token,
                                    PushRegistration registration) {
        this.subscriptions = subscriptions;
        this.vapid = vapid;
        this.token = token;
        this.registration = registration;
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
            + "The same endpoint again, by the same person, replaces its keys. At most 5 browsers per person.")
    @APIResponse(responseCode = "201", description = "Kept (or its keys replaced)",
            content = @Content(schema = @Schema(implementation = SubscriptionView.class)))
    @APIResponse(responseCode = "400", description = "Not a subscription we can use, or one browser too many")
    @APIResponse(responseCode = "409", description = "This endpoint is kept for someone else: nothing changed")
    public Response subscribe(SubscriptionRequest request) {
        if (request == null || request.keys() == null) {
            throw ProblemException.invalid("Not a push subscription this service can use",
                    List.of(new Problem.Violation(request == null ? "body" : "keys", "is a PushSubscription: endpoint and keys")));
        }
        PushSubscriptions.Subscription kept = registration.subscribe(token.getSubject(), Viewer.of(token).role(),
                request.endpoint(), request.keys().p256dh(), request.keys().auth(), Response.Status.CONFLICT);
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
}
