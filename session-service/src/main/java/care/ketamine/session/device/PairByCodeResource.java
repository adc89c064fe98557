package care.ketamine.session.device;

import care.ketamine.platform.problem.Problem;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A phone pairs itself with the code the console showed: the only way in that needs no token. */
@Path("/pairings")
@Tag(name = "Sessions", description = "Scheduling, the dosing-session lifecycle and device pairing")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
@PermitAll
public class PairByCodeResource {

    private final RedeemPhonePairing redeemPhonePairing;

    public PairByCodeResource(RedeemPhonePairing redeemPhonePairing) {
        this.redeemPhonePairing = redeemPhonePairing;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    // Anyone: in OpenAPI an empty requirement, "no token needed".
    @SecurityRequirementsSet
    @Operation(summary = "Pair a phone with a code the console showed (anyone holding the code)",
            description = "Redeems the code once: the phone is paired to the code's session and role (as POST "
                    + "/sessions/{id}/devices, replacing an earlier phone of the same role) and gets its device token, in "
                    + "this answer only. A wrong, used, withdrawn or expired code, and a code of a session that has ended, all answer 404 alike. After 10 wrong "
                    + "codes from one address within 15 minutes, that address is refused for 15 minutes (429 with "
                    + "Retry-After). Every attempt is recorded.")
    @APIResponse(responseCode = "201", description = "Paired: keep the token on the phone",
            content = @Content(schema = @Schema(implementation = Pairing.class)))
    @APIResponse(responseCode = "404", description = "Not a working code (wrong, used, withdrawn, expired, or its session ended)")
    @APIResponse(responseCode = "429", description = "Too many wrong codes from this address")
    public Response pair(@Valid @NotNull PhonePairingRedemption redemption, @Context HttpServerRequest request) {
        String address = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        return Response.status(Response.Status.CREATED).entity(redeemPhonePairing.redeem(redemption.code(), address))
                .type(MediaType.APPLICATION_JSON).header("Cache-Control", "no-store").build();
    }
}
