package care.ketamine.vitals.presence;

import care.ketamine.contracts.security.Roles;
import care.ketamine.platform.problem.Problem;
import care.ketamine.vitals.ingest.SessionBinding;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
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

@Path("/sessions/{sessionId}/sitter-presence")
@Tag(name = "Sitter presence", description = "The sitter stepping out and coming back")
@SecurityRequirement(name = "jwt")
@Consumes(MediaType.APPLICATION_JSON)
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
public class SitterPresenceResource {

    private final RecordSitterPresence recordPresence;
    private final JsonWebToken caller;

    public SitterPresenceResource(RecordSitterPresence recordPresence, JsonWebToken caller) {
        this.recordPresence = recordPresence;
        this.caller = caller;
    }

    @POST
    @RolesAllowed(Roles.SITTER)
    @Operation(summary = "The sitter stepped out or came back",
            description = "From the sitter's paired phone (sitter token bound to this session). While the session is "
                    + "monitored, a sitter out for 5 minutes raises a sitter-away warning; coming back clears it.")
    @APIResponse(responseCode = "202", description = "Acknowledged by the broker",
            content = @Content(schema = @Schema(implementation = SitterPresenceAccepted.class)))
    @APIResponse(responseCode = "200", description = "A replay of a change already accepted with the same content; nothing sent again",
            content = @Content(schema = @Schema(implementation = SitterPresenceAccepted.class)))
    @APIResponse(responseCode = "400", description = "Malformed JSON, a missing presenceId, present or at, an id too long, "
            + "at too far in the future or before the session's check-in; nothing recorded")
    @APIResponse(responseCode = "403", description = "Wrong role, a token bound to another session or naming no device, or a revoked device")
    @APIResponse(responseCode = "409", description = "The session is not active, or the presenceId was used with other content")
    @APIResponse(responseCode = "503", description = "The broker did not acknowledge within 2 s, the database does not answer, or too many requests are "
            + "waiting already; send it again with the same presenceId after Retry-After")
    public Uni<Response> change(@PathParam("sessionId") String sessionId, SitterPresenceRequest request) {
        String device = SessionBinding.require(caller, sessionId);
        return recordPresence.record(sessionId, caller.getSubject(), device, request);
    }
}
