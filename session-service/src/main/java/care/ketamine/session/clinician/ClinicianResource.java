package care.ketamine.session.clinician;

import care.ketamine.contracts.security.Roles;
import care.ketamine.platform.security.Caller;
import care.ketamine.platform.problem.Problem;
import care.ketamine.platform.problem.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

@Path("/clinicians")
@Tag(name = "Clinicians", description = "Clinicians, their state licences, weekly availability and leave")
@SecurityRequirement(name = "jwt")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
public class ClinicianResource {

    private final ManageClinicians manageClinicians;
    private final JsonWebToken token;

    public ClinicianResource(ManageClinicians manageClinicians, JsonWebToken token) {
        this.manageClinicians = manageClinicians;
        this.token = token;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Add a clinician", description = "Admins. Publishes clinician.updated on sessions.clinicians.")
    @APIResponse(responseCode = "201", description = "Added", content = @Content(schema = @Schema(implementation = ClinicianView.class)))
    @APIResponse(responseCode = "409", description = "The id is taken")
    public Response add(@Valid @NotNull ClinicianRequest clinician, @Context UriInfo uri) {
        ClinicianView added = manageClinicians.add(clinician);
        return Response.created(uri.getAbsolutePathBuilder().path(added.id()).build()).entity(added)
                .type(MediaType.APPLICATION_JSON).build();
    }

    @PUT
    @Path("/{clinicianId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Change a clinician (licence, states, availability, active)", description = "Admins. Publishes the change.")
    @APIResponse(responseCode = "200", description = "Changed", content = @Content(schema = @Schema(implementation = ClinicianView.class)))
    @APIResponse(responseCode = "404", description = "No such clinician")
    public ClinicianView update(@PathParam("clinicianId") String clinicianId, @Valid @NotNull ClinicianRequest clinician) {
        return manageClinicians.update(clinicianId, clinician);
    }

    @POST
    @Path("/{clinicianId}/leave")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Record leave: days the clinician is not available", description = "Admins.")
    @APIResponse(responseCode = "201", description = "Recorded", content = @Content(schema = @Schema(implementation = ClinicianView.class)))
    @APIResponse(responseCode = "400", description = "Dates missing or reversed, no reason or one too long")
    public Response addLeave(@PathParam("clinicianId") String clinicianId, @Valid @NotNull LeaveRequest leave) {
        return Response.status(Response.Status.CREATED).entity(manageClinicians.addLeave(clinicianId, leave))
                .type(MediaType.APPLICATION_JSON).build();
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.SCHEDULER})
    @Operation(summary = "All clinicians", description = "Admins and schedulers.")
    @APIResponse(responseCode = "200", description = "The clinicians",
            content = @Content(schema = @Schema(implementation = ClinicianView.class, type = SchemaType.ARRAY)))
    public List<ClinicianView> list() {
        return manageClinicians.list();
    }

    @GET
    @Path("/{clinicianId}")
    @RolesAllowed({Roles.ADMIN, Roles.SCHEDULER, Roles.CLINICIAN})
    @Operation(summary = "One clinician", description = "Admins, schedulers, and the clinician themself.")
    @APIResponse(responseCode = "200", description = "The clinician", content = @Content(schema = @Schema(implementation = ClinicianView.class)))
    @APIResponse(responseCode = "403", description = "A clinician asking about another clinician")
    @APIResponse(responseCode = "404", description = "No such clinician")
    public ClinicianView read(@PathParam("clinicianId") String clinicianId) {
        Caller caller = Caller.of(token);
        boolean staff = caller.has(Roles.ADMIN) || caller.has(Roles.SCHEDULER);
        if (!staff && !clinicianId.equals(token.getSubject())) {
            throw new ProblemException(Response.Status.FORBIDDEN, "A clinician may read only their own record");
        }
        return manageClinicians.read(clinicianId);
    }
}
