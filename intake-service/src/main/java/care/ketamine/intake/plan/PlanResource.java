package care.ketamine.intake.plan;

import care.ketamine.contracts.security.Roles;
import care.ketamine.intake.patient.PatientView;
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

@Path("/patients/{patientId}")
@Tag(name = "Evaluation and plans", description = "Clinician approval and treatment plans")
@SecurityRequirement(name = "jwt")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
public class PlanResource {

    private final EvaluatePatient evaluatePatient;
    private final JsonWebToken token;

    public PlanResource(EvaluatePatient evaluatePatient, JsonWebToken token) {
        this.evaluatePatient = evaluatePatient;
        this.token = token;
    }

    @POST
    @Path("/evaluations")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.CLINICIAN)
    @Operation(summary = "Approve or decline the latest screening",
            description = "A clinician who is an active prescriber (MD, DO, NP, PA) licensed in the patient's state; "
                    + "recording it puts them on the patient's care team. "
                    + "Approval creates the treatment plan and publishes treatment-plan.approved.")
    @APIResponse(responseCode = "201", description = "Recorded",
            content = @Content(schema = @Schema(implementation = EvaluationView.class)))
    @APIResponse(responseCode = "400", description = "Missing decision or note, a plan term out of range, a looser threshold")
    @APIResponse(responseCode = "403", description = "Not a clinician, or not a prescriber licensed in the patient's state")
    @APIResponse(responseCode = "404", description = "No such patient")
    @APIResponse(responseCode = "409", description = "No screening yet, the latest is INELIGIBLE, or another clinician "
            + "has taken on the evaluation (an admin can reassign it)")
    public Response evaluate(@PathParam("patientId") UUID patientId, @Valid @NotNull EvaluationRequest evaluation) {
        return Response.status(Response.Status.CREATED)
                .entity(evaluatePatient.evaluate(patientId, evaluation, Caller.of(token)))
                .type(MediaType.APPLICATION_JSON).build();
    }

    @POST
    @Path("/evaluator")
    @RolesAllowed(Roles.CLINICIAN)
    @Operation(summary = "Take on the patient's evaluation",
            description = "How a clinician first gets access to a newly registered patient: an active prescriber (MD, "
                    + "DO, NP, PA) licensed in the patient's state takes on the evaluation and so joins the care team, "
                    + "and may then read the record and screenings before deciding. Recording an evaluation does the "
                    + "same. Audited, as is every refusal.")
    @APIResponse(responseCode = "204", description = "The clinician is on the patient's care team")
    @APIResponse(responseCode = "403", description = "Not a prescriber licensed in the patient's state (audited)")
    @APIResponse(responseCode = "404", description = "No such patient")
    @APIResponse(responseCode = "409", description = "The patient was discharged, or another clinician has taken on "
            + "the evaluation (an admin can reassign it)")
    public void takeOnEvaluation(@PathParam("patientId") UUID patientId) {
        evaluatePatient.takeOnEvaluation(patientId, Caller.of(token));
    }

    @PUT
    @Path("/evaluator")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Hand the patient's evaluation to another clinician (admins)",
            description = "The named clinician must be an active prescriber licensed in the patient's state. Whoever "
                    + "held the evaluation leaves that place on the care team (a clinician scheduled with the patient "
                    + "stays on it through the session). Audited.")
    @APIResponse(responseCode = "204", description = "The clinician now holds the evaluation")
    @APIResponse(responseCode = "400", description = "No clinician named, or the id is too long")
    @APIResponse(responseCode = "404", description = "No such patient")
    @APIResponse(responseCode = "409", description = "The patient was discharged, or the clinician may not evaluate them")
    public void reassignEvaluation(@PathParam("patientId") UUID patientId, @Valid @NotNull EvaluatorRequest request) {
        evaluatePatient.reassignEvaluation(patientId, request, Caller.of(token));
    }

    @POST
    @Path("/plans")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.CLINICIAN)
    @Operation(summary = "Approve a new plan (maintenance) that supersedes the active one",
            description = "Same licence rules as an evaluation, and only on the patient's care team. The old plan "
                    + "stays in the history.")
    @APIResponse(responseCode = "201", description = "The new active plan",
            content = @Content(schema = @Schema(implementation = PlanView.class)))
    @APIResponse(responseCode = "400", description = "A plan term out of range or a looser threshold")
    @APIResponse(responseCode = "403", description = "Not a prescriber licensed in the patient's state, or outside the "
            + "patient's care team (audited)")
    @APIResponse(responseCode = "409", description = "The patient has no approved plan yet")
    public Response newPlan(@PathParam("patientId") UUID patientId, @NotNull PlanRequest plan) {
        return Response.status(Response.Status.CREATED)
                .entity(evaluatePatient.newPlan(patientId, plan, Caller.of(token)))
                .type(MediaType.APPLICATION_JSON).build();
    }

    @POST
    @Path("/discharge")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.CLINICIAN)
    @Operation(summary = "Discharge the patient from the program",
            description = "A clinician on the patient's care team who passes the licence check approval needs: an "
                    + "active prescriber (MD, DO, NP, PA) licensed in the patient's state. Ends the active plan and "
                    + "publishes patient.discharged.")
    @APIResponse(responseCode = "200", description = "Discharged",
            content = @Content(schema = @Schema(implementation = PatientView.class)))
    @APIResponse(responseCode = "403", description = "Not a prescriber licensed in the patient's state, or outside the patient's care team (audited)")
    @APIResponse(responseCode = "400", description = "No reason given")
    @APIResponse(responseCode = "409", description = "Already discharged")
    public PatientView discharge(@PathParam("patientId") UUID patientId, @Valid @NotNull DischargeRequest discharge) {
        return evaluatePatient.discharge(patientId, discharge, Caller.of(token));
    }

    @GET
    @Path("/plans")
    @RolesAllowed({Roles.CLINICIAN, Roles.INTAKE, Roles.ADMIN})
    @Operation(summary = "The patient's plans, newest first, with superseded ones",
            description = "The patient's care team (the evaluating clinician, a clinician scheduled with the patient) "
                    + "and admins; not intake staff. Every read and every refusal is audited.")
    @APIResponse(responseCode = "200", description = "The plans",
            content = @Content(schema = @Schema(implementation = PlanView.class, type = SchemaType.ARRAY)))
    @APIResponse(responseCode = "403", description = "Intake staff, or a clinician outside the patient's care team (audited)")
    public List<PlanView> plans(@PathParam("patientId") UUID patientId) {
        return evaluatePatient.plans(patientId, Caller.of(token));
    }
}
