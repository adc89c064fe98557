package care.ketamine.intake.patient;

import care.ketamine.contracts.security.Roles;
import care.ketamine.platform.problem.Problem;
import care.ketamine.platform.security.Caller;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.UUID;

@Path("/patients")
@Tag(name = "Patients", description = "Registration of patients with their sitter and emergency contact")
@SecurityRequirement(name = "jwt")
@Consumes(MediaType.APPLICATION_JSON)
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
public class PatientResource {

    private final RegisterPatient registerPatient;
    private final JsonWebToken token;

    public PatientResource(RegisterPatient registerPatient, JsonWebToken token) {
        this.registerPatient = registerPatient;
        this.token = token;
    }

    @POST
    @RolesAllowed(Roles.INTAKE)
    @Operation(summary = "Register a patient", description = "Intake staff only. Publishes patient.registered.")
    @APIResponse(responseCode = "201", description = "Registered",
            content = @Content(schema = @Schema(implementation = PatientView.class)))
    @APIResponse(responseCode = "409", description = "Already registered; existingId names the patient")
    public Response register(@Valid @NotNull PatientRequest patient, @Context UriInfo uri) {
        PatientView registered = registerPatient.register(patient);
        return Response.created(uri.getAbsolutePathBuilder().path(registered.id().toString()).build())
                .entity(registered).type(MediaType.APPLICATION_JSON).build();
    }

    @PUT
    @Path("/{patientId}")
    @RolesAllowed(Roles.INTAKE)
    @Operation(summary = "Update a patient's details", description = "Intake staff only.")
    @APIResponse(responseCode = "200", description = "Updated",
            content = @Content(schema = @Schema(implementation = PatientView.class)))
    @APIResponse(responseCode = "404", description = "No such patient")
    @APIResponse(responseCode = "409", description = "The new details are another registered patient's")
    public PatientView update(@PathParam("patientId") UUID patientId, @Valid @NotNull PatientRequest patient) {
        return registerPatient.update(patientId, patient, Caller.of(token));
    }

    @GET
    @Path("/{patientId}")
    @RolesAllowed({Roles.INTAKE, Roles.CLINICIAN, Roles.ADMIN})
    @Operation(summary = "Read a patient's record",
            description = "Intake staff (they register and correct these details), admins, and clinicians on the patient's "
                    + "care team: the evaluating clinician (who took on or recorded the evaluation) or a clinician "
                    + "scheduled with the patient (from session-service's sessions.lifecycle). Every read and every "
                    + "refusal is audited.")
    @APIResponse(responseCode = "200", description = "The patient",
            content = @Content(schema = @Schema(implementation = PatientView.class)))
    @APIResponse(responseCode = "403", description = "A clinician outside the patient's care team (audited)")
    @APIResponse(responseCode = "404", description = "No such patient")
    public PatientView read(@PathParam("patientId") UUID patientId) {
        return registerPatient.read(patientId, Caller.of(token));
    }
}
