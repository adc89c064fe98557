package care.ketamine.vitals.checkin;

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

@Path("/sessions/{sessionId}/check-ins")
@Tag(name = "Check-ins", description = "The patient's and the sitter's answers to check-in prompts")
@SecurityRequirement(name = "jwt")
@Consumes(MediaType.APPLICATION_JSON)
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
@APIResponse(responseCode = "202", description = "Acknowledged by the broker",
        content = @Content(schema = @Schema(implementation = CheckInAccepted.class)))
@APIResponse(responseCode = "200", description = "A replay of a check-in already accepted with the same answers; nothing sent again",
        content = @Content(schema = @Schema(implementation = CheckInAccepted.class)))
@APIResponse(responseCode = "400", description = "Malformed JSON, a missing answer, one out of range, or a prompt that is "
        + "not this respondent's or not due; nothing recorded")
@APIResponse(responseCode = "403", description = "Wrong role, a token bound to another session or naming no device, or a revoked device")
@APIResponse(responseCode = "409", description = "The session is not active, the checkInId was used with other answers, "
        + "or the prompt was already answered")
@APIResponse(responseCode = "503", description = "The broker did not acknowledge within 2 s, the database does not answer, or too many check-ins are "
        + "waiting already; send it again after Retry-After")
public class CheckInResource {

    private final RecordCheckIn recordCheckIn;
    private final JsonWebToken caller;

    public CheckInResource(RecordCheckIn recordCheckIn, JsonWebToken caller) {
        this.recordCheckIn = recordCheckIn;
        this.caller = caller;
    }

    @POST
    @Path("/patient")
    @RolesAllowed(Roles.PATIENT_DEVICE)
    @Operation(summary = "The patient's check-in",
            description = "From the patient's paired device (patient-device token bound to this session).")
    public Uni<Response> patient(@PathParam("sessionId") String sessionId, PatientCheckInRequest checkIn) {
        String device = SessionBinding.require(caller, sessionId);
        return recordCheckIn.patient(sessionId, caller.getSubject(), device, checkIn);
    }

    @POST
    @Path("/sitter")
    @RolesAllowed(Roles.SITTER)
    @Operation(summary = "The sitter's check-in: MOAA/S as observed, and presence",
            description = "From the sitter's paired phone (sitter token bound to this session).")
    public Uni<Response> sitter(@PathParam("sessionId") String sessionId, SitterCheckInRequest checkIn) {
        String device = SessionBinding.require(caller, sessionId);
        return recordCheckIn.sitter(sessionId, caller.getSubject(), device, checkIn);
    }
}
