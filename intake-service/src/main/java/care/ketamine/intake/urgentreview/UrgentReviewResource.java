package care.ketamine.intake.urgentreview;

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
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

@Path("/urgent-reviews")
@Tag(name = "Urgent reviews", description = "Screenings showing suicide risk, waiting for a licensed clinician")
@SecurityRequirement(name = "jwt")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
public class UrgentReviewResource {

    private final ListUrgentReviews list;
    private final TakeUrgentReview take;
    private final CloseUrgentReview close;
    private final JsonWebToken token;

    public UrgentReviewResource(ListUrgentReviews list, TakeUrgentReview take, CloseUrgentReview close, JsonWebToken token) {
        this.list = list;
        this.take = take;
        this.close = close;
        this.token = token;
    }

    @GET
    @RolesAllowed({Roles.CLINICIAN, Roles.ADMIN})
    @Operation(summary = "Open urgent reviews, the nearest deadline first",
            description = "A screening with acute suicidal ideation or a recent attempt or intent opens an ACUTE task (due in "
                    + "1 hour by default), PHQ-9 item 9 above 0 alone a PROMPT one (24 hours); alerting pages on-call when "
                    + "the deadline passes untaken. Clinicians see the tasks of patients in the states they are licensed in "
                    + "(an active licence of any type: reviewing risk is not prescribing); admins see all. Each patient "
                    + "shown is an audited read.")
    @APIResponse(responseCode = "200", description = "The open tasks, taken or not",
            content = @Content(schema = @Schema(implementation = UrgentReviewView.class, type = SchemaType.ARRAY)))
    @APIResponse(responseCode = "403", description = "A clinician with no licence on record, or not active (audited)")
    public List<UrgentReviewView> open() {
        return list.open(Caller.of(token));
    }

    @POST
    @Path("/{id}/take")
    @RolesAllowed(Roles.CLINICIAN)
    @Operation(summary = "Take an urgent review: it is yours from now on",
            description = "An active clinician licensed in the patient's state. Records who and when and publishes "
                    + "urgent-review.taken; taken after its deadline, the alert already raised stays open for a person "
                    + "to resolve.")
    @APIResponse(responseCode = "200", description = "Taken",
            content = @Content(schema = @Schema(implementation = UrgentReviewView.class)))
    @APIResponse(responseCode = "403", description = "Not licensed in the patient's state, not active, no licence (audited)")
    @APIResponse(responseCode = "404", description = "No such task")
    @APIResponse(responseCode = "409", description = "Already taken (the answer names by whom) or closed")
    public UrgentReviewView take(@PathParam("id") String id) {
        return take.take(id, Caller.of(token));
    }

    @POST
    @Path("/{id}/close")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.CLINICIAN, Roles.ADMIN})
    @Operation(summary = "Close an urgent review with its outcome",
            description = "The clinician who took it, or an admin; only a task someone took. Publishes urgent-review.closed "
                    + "(without the outcome, which stays in intake).")
    @APIResponse(responseCode = "200", description = "Closed",
            content = @Content(schema = @Schema(implementation = UrgentReviewView.class)))
    @APIResponse(responseCode = "400", description = "No outcome, or one too long")
    @APIResponse(responseCode = "403", description = "A clinician who did not take it (audited)")
    @APIResponse(responseCode = "404", description = "No such task")
    @APIResponse(responseCode = "409", description = "Nobody took it yet, or already closed")
    public UrgentReviewView close(@PathParam("id") String id, @Valid @NotNull CloseRequest request) {
        return close.close(id, request, Caller.of(token));
    }
}
