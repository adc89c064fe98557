package care.ketamine.vitals.reading;

import care.ketamine.platform.problem.Problem;
import care.ketamine.platform.problem.ProblemException;
import care.ketamine.contracts.security.Roles;
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

@Path("/sessions/{sessionId}/readings")
@Tag(name = "Readings", description = "Vital-signs readings posted by a patient's paired device")
@SecurityRequirement(name = "jwt")
public class ReadingResource {

    private final RecordReading recordReading;
    private final JsonWebToken caller;

    public ReadingResource(RecordReading recordReading, JsonWebToken caller) {
        this.recordReading = recordReading;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @RolesAllowed(Roles.PATIENT_DEVICE)
    @Operation(summary = "Record one reading",
            description = "Only a patient-device token bound to this session may post. Answers 202 once the broker "
                    + "has acknowledged the reading (acks=all).")
    @APIResponse(responseCode = "202", description = "Acknowledged by the broker",
            content = @Content(schema = @Schema(implementation = ReadingAccepted.class)))
    @APIResponse(responseCode = "400", description = "Malformed JSON, a missing field or an implausible value; nothing recorded",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No valid token")
    @APIResponse(responseCode = "403", description = "Not a patient-device token, bound to another session, or revoked")
    @APIResponse(responseCode = "409", description = "The session is not active (checked in through recovered)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "The broker did not acknowledge within 2 s; retry after Retry-After",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> record(@PathParam("sessionId") String sessionId, ReadingRequest reading) {
        String boundSession = caller.getClaim(Roles.SESSION_CLAIM);
        if (!sessionId.equals(boundSession)) {
            throw new ProblemException(Response.Status.FORBIDDEN, "This device token is bound to another session");
        }
        return recordReading.record(sessionId, caller.getSubject(), caller.getClaim("device_id"), reading)
                .map(accepted -> Response.accepted(accepted).type(MediaType.APPLICATION_JSON).build());
    }
}
