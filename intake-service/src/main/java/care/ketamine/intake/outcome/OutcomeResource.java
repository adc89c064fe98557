package care.ketamine.intake.outcome;

import care.ketamine.contracts.security.Roles;
import care.ketamine.platform.problem.Problem;
import care.ketamine.platform.security.Caller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
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

import java.util.UUID;

@Path("/patients/{patientId}/outcomes")
@Tag(name = "Outcomes", description = "Follow-up PHQ-9 and GAD-7, trajectories and program figures")
@SecurityRequirement(name = "jwt")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
public class OutcomeResource {

    private final TrackOutcomes trackOutcomes;
    private final JsonWebToken token;

    public OutcomeResource(TrackOutcomes trackOutcomes, JsonWebToken token) {
        this.trackOutcomes = trackOutcomes;
        this.token = token;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.INTAKE, Roles.CLINICIAN})
    @Operation(summary = "Record a follow-up PHQ-9 and GAD-7",
            description = "Intake staff (data entry), and clinicians on the patient's care team.")
    @APIResponse(responseCode = "201", description = "Recorded, with the change from baseline",
            content = @Content(schema = @Schema(implementation = Trajectory.Point.class)))
    @APIResponse(responseCode = "400", description = "Answers out of range or missing, a total sent, a future time")
    @APIResponse(responseCode = "403", description = "A clinician outside the patient's care team (audited)")
    @APIResponse(responseCode = "409", description = "No baseline screening yet")
    public Response record(@PathParam("patientId") UUID patientId, @NotNull OutcomeRequest measure) {
        return Response.status(Response.Status.CREATED)
                .entity(trackOutcomes.record(patientId, measure, Caller.of(token))).type(MediaType.APPLICATION_JSON).build();
    }

    @GET
    @RolesAllowed({Roles.INTAKE, Roles.CLINICIAN, Roles.ADMIN})
    @Operation(summary = "A patient's trajectory from baseline",
            description = "The patient's care team (the evaluating clinician, a clinician scheduled with the patient) "
                    + "and admins; not intake staff. Every read and every refusal is audited.")
    @APIResponse(responseCode = "200", description = "The trajectory",
            content = @Content(schema = @Schema(implementation = Trajectory.class)))
    @APIResponse(responseCode = "403", description = "Intake staff, or a clinician outside the patient's care team (audited)")
    public Trajectory trajectory(@PathParam("patientId") UUID patientId) {
        return trackOutcomes.trajectory(patientId, Caller.of(token));
    }
}
