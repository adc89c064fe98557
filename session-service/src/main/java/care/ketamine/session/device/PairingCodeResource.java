package care.ketamine.session.device;

import care.ketamine.contracts.security.Roles;
import care.ketamine.platform.problem.Problem;
import care.ketamine.platform.problem.ProblemException;
import care.ketamine.session.lifecycle.SessionAccess;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The console shows a code (and its QR code) that pairs the patient's or the sitter's phone. */
@Path("/console/api/sessions/{sessionId}/pairing-codes")
@Tag(name = "Console", description = "The clinician console (HTML) and its sign-in")
@SecurityRequirement(name = "jwt")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
public class PairingCodeResource {

    private final OfferPhonePairing offerPhonePairing;
    private final JsonWebToken token;

    public PairingCodeResource(OfferPhonePairing offerPhonePairing, JsonWebToken token) {
        this.offerPhonePairing = offerPhonePairing;
        this.token = token;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.CLINICIAN, Roles.ADMIN})
    @Operation(summary = "Show a code that pairs a phone",
            description = "For the session's clinician or an admin. The code pairs the patient's phone (kind patient-phone: "
                    + "check-ins and help) or the sitter's (sitter-phone) through POST /pairings, once, within 10 minutes; "
                    + "it withdraws the session's earlier code for the same role. The answer holds the code, the app's "
                    + "address with the code after '#' (never sent to a server by a browser) and that address as a QR code "
                    + "(SVG). Only the code's digest is stored.")
    @APIResponse(responseCode = "201", description = "A new code",
            content = @Content(schema = @Schema(implementation = PhonePairingCode.class)))
    @APIResponse(responseCode = "404", description = "No such session")
    @APIResponse(responseCode = "409", description = "The session has ended")
    public Response offer(@PathParam("sessionId") String sessionId, @Valid @NotNull PhonePairingRequest request,
                          @Context UriInfo uri) {
        PhonePairingCode code = offerPhonePairing.offer(ProblemException.uuidOrNotFound("Session", sessionId), request,
                SessionAccess.of(token), uri.getBaseUri());
        return Response.status(Response.Status.CREATED).entity(code).type(MediaType.APPLICATION_JSON)
                .header("Cache-Control", "no-store").build();
    }
}
