package care.ketamine.intake.screening;

import care.ketamine.contracts.security.Roles;
import care.ketamine.platform.problem.Problem;
import care.ketamine.platform.security.Caller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
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
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.UUID;

@Path("/patients/{patientId}/screenings")
@Tag(name = "Screenings", description = "PHQ-9, GAD-7, history, contraindications, baseline vitals and eligibility")
@SecurityRequirement(name = "jwt")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
public class ScreeningResource {

    private final RecordScreening recordScreening;
    private final JsonWebToken token;

    public ScreeningResource(RecordScreening recordScreening, JsonWebToken token) {
        this.recordScreening = recordScreening;
        this.token = token;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.INTAKE)
    @Operation(summary = "Record a screening and decide eligibility",
            description = "Intake staff only. The service computes the PHQ-9 and GAD-7 totals and bands; a request that "
                    + "sends a total is refused. Publishes screening.completed and eligibility.decided.")
    @APIResponse(responseCode = "201", description = "Recorded, with the decision and every reason",
            content = @Content(schema = @Schema(implementation = ScreeningView.class)))
    @APIResponse(responseCode = "400", description = "Answers out of range or missing, a total sent, an unknown field")
    @APIResponse(responseCode = "404", description = "No such patient")
    public Response record(@PathParam("patientId") UUID patientId, @Valid @NotNull ScreeningRequest screening) {
        return Response.status(Response.Status.CREATED)
                .entity(recordScreening.record(patientId, screening, Caller.of(token)))
                .type(MediaType.APPLICATION_JSON).build();
    }

    @GET
    @RolesAllowed({Roles.INTAKE, Roles.CLINICIAN, Roles.ADMIN})
    @Operation(summary = "A patient's screenings, newest first",
            description = "The patient's care team (the evaluating clinician, a clinician scheduled with the patient) "
                    + "and admins. Intake staff enter screenings (and see the decision in the answer to POST) but do "
                    + "not read the history. Every read and every refusal is audited.")
    @APIResponse(responseCode = "200", description = "The screenings",
            content = @Content(schema = @Schema(implementation = ScreeningView.class, type = SchemaType.ARRAY)))
    @APIResponse(responseCode = "403", description = "Intake staff, or a clinician outside the patient's care team (audited)")
    @APIResponse(responseCode = "404", description = "No such patient")
    public List<ScreeningView> history(@PathParam("patientId") UUID patientId) {
        return recordScreening.history(patientId, Caller.of(token));
    }
}
