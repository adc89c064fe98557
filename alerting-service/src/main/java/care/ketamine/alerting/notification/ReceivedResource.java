package care.ketamine.alerting.notification;

import care.ketamine.alerting.audit.ActionAudit;
import care.ketamine.platform.security.Caller;
import care.ketamine.alerting.notificationlog.Notification;
import care.ketamine.contracts.security.Roles;
import care.ketamine.platform.problem.Problem;
import care.ketamine.platform.problem.ProblemException;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
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

import java.util.UUID;

/**
 * A signed-in screen answers that it has a page (from the live stream or a Web Push): the page is delivered.
 * Only the person it was for can say so; an admin watching everyone's stream cannot answer for them.
 */
@Path("/notifications/{id}/received")
@Tag(name = "Alerts")
@SecurityRequirement(name = "jwt")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
public class ReceivedResource {

    @Schema(description = "The notification's delivery as it stands")
    public record Received(UUID notificationId, String status) {
    }

    private final DeliveryReceipts receipts;
    private final ActionAudit audit;
    private final JsonWebToken token;

    public ReceivedResource(DeliveryReceipts receipts, ActionAudit audit, JsonWebToken token) {
        this.receipts = receipts;
        this.audit = audit;
        this.token = token;
    }

    @POST
    @Blocking
    @RolesAllowed({Roles.ON_CALL, Roles.CLINICIAN, Roles.ADMIN})
    @Operation(summary = "My screen has this page (delivery receipt)",
            description = "Called by the console or on-call screen when it shows a page it got from the live stream or a Web "
                    + "Push. Idempotent: answering again, or after another channel delivered it, changes nothing.")
    @APIResponse(responseCode = "200", description = "Delivered (now or before)",
            content = @Content(schema = @Schema(implementation = Received.class)))
    @APIResponse(responseCode = "403", description = "The page was for someone else")
    @APIResponse(responseCode = "404", description = "No such notification")
    public Received received(@PathParam("id") String id) {
        UUID notificationId = ProblemException.uuidOrNotFound("notification", id);
        Notification n = receipts.find(notificationId).orElseThrow(() -> ProblemException.notFound("notification"));
        String me = token.getSubject();
        if (!n.recipient.equals(me)) {
            audit.denied(me, Caller.of(token).role(), "notification.received", id);
            throw new ProblemException(Response.Status.FORBIDDEN, "This page was for someone else");
        }
        receipts.delivered(notificationId, "answered by " + me + "'s screen (" + n.channel + ")");
        return new Received(notificationId, receipts.find(notificationId).map(x -> x.status.name()).orElseThrow());
    }
}
