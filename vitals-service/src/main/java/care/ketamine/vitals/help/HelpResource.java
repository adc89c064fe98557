package care.ketamine.vitals.help;

import care.ketamine.contracts.security.Roles;
import care.ketamine.contracts.vitals.CheckInPrompted;
import care.ketamine.platform.problem.Problem;
import care.ketamine.platform.security.Caller;
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

@Path("/sessions/{sessionId}/help")
@Tag(name = "Help", description = "\"I need help\" from the patient's or the sitter's app")
@SecurityRequirement(name = "jwt")
@Consumes(MediaType.APPLICATION_JSON)
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
public class HelpResource {

    private final AskForHelp askForHelp;
    private final JsonWebToken caller;

    public HelpResource(AskForHelp askForHelp, JsonWebToken caller) {
        this.askForHelp = askForHelp;
        this.caller = caller;
    }

    @POST
    @RolesAllowed({Roles.PATIENT_DEVICE, Roles.SITTER})
    @Operation(summary = "Ask for help now",
            description = "From the patient's paired device (patient-device token) or the sitter's phone (sitter token), "
                    + "bound to this session. Alerting raises a critical help-requested alert and pages the clinician on "
                    + "call through the escalation; a second request while that alert is open adds to it.")
    @APIResponse(responseCode = "202", description = "Acknowledged by the broker",
            content = @Content(schema = @Schema(implementation = HelpAccepted.class)))
    @APIResponse(responseCode = "200", description = "A replay of a request already accepted with the same content; nothing sent again",
            content = @Content(schema = @Schema(implementation = HelpAccepted.class)))
    @APIResponse(responseCode = "400", description = "Malformed JSON, a missing helpId or askedAt, a helpId over 100 characters "
            + "or a note over 200; nothing recorded. askedAt is never refused for its time: a phone's clock may be wrong")
    @APIResponse(responseCode = "403", description = "Wrong role, a token bound to another session or naming no device, or a revoked device")
    @APIResponse(responseCode = "409", description = "The session is not active, or the helpId was used with other content")
    @APIResponse(responseCode = "503", description = "The broker did not acknowledge within 2 s, the database does not answer, or too many requests are "
            + "waiting already; send it again with the same helpId after Retry-After")
    public Uni<Response> ask(@PathParam("sessionId") String sessionId, HelpRequest request) {
        String device = SessionBinding.require(caller, sessionId);
        // A token of the patient's device asks as the patient; the sitter's phone, as the sitter.
        String requestedBy = Caller.of(caller).has(Roles.PATIENT_DEVICE) ? CheckInPrompted.PATIENT : CheckInPrompted.SITTER;
        return askForHelp.ask(sessionId, requestedBy, caller.getSubject(), device, request);
    }
}
