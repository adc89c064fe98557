package care.ketamine.vitals.checkin;

import care.ketamine.contracts.security.Roles;
import care.ketamine.platform.security.Caller;
import care.ketamine.contracts.vitals.CheckInPrompted;
import care.ketamine.platform.problem.Problem;
import care.ketamine.vitals.session.SessionAccess;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Clock;
import java.util.List;

@Path("/sessions/{sessionId}/prompts")
@Tag(name = "Check-ins")
@SecurityRequirement(name = "jwt")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
public class PromptResource {

    private final SessionAccess access;
    private final JsonWebToken token;
    private final Clock clock;

    public PromptResource(SessionAccess access, JsonWebToken token, Clock clock) {
        this.access = access;
        this.token = token;
        this.clock = clock;
    }

    @GET
    @RolesAllowed({Roles.PATIENT_DEVICE, Roles.SITTER, Roles.CLINICIAN, Roles.ADMIN})
    @Operation(summary = "A session's prompts that are due, oldest first: check-ins and cuff retests",
            description = "The patient's devices see the patient's prompts and the cuff's retests after a blood-pressure "
                    + "crisis (respondent cuff, kind retest), the sitter's phone the sitter's, for the session its token is bound to; the session's clinician and admins see both. open=true leaves out "
                    + "answered and cancelled prompts.")
    @APIResponse(responseCode = "200", description = "The prompts",
            content = @Content(schema = @Schema(implementation = PromptView.class, type = SchemaType.ARRAY)))
    @APIResponse(responseCode = "403", description = "Another session's token, a device token naming no device or of a "
            + "revoked device, or not this session's clinician")
    @APIResponse(responseCode = "404", description = "No such session")
    public List<PromptView> prompts(@PathParam("sessionId") String sessionId,
                                    @Parameter(description = "Only prompts not answered yet") @QueryParam("open") boolean open) {
        // The patient's devices (app and cuff) see the patient's check-ins and the cuff's retests.
        Caller caller = Caller.of(token);
        java.util.Set<String> respondents = caller.has(Roles.PATIENT_DEVICE)
                ? java.util.Set.of(CheckInPrompted.PATIENT, CrisisRetests.RESPONDENT)
                : caller.has(Roles.SITTER) ? java.util.Set.of(CheckInPrompted.SITTER) : null;
        return QuarkusTransaction.requiringNew().call(() -> {
            access.open(token, sessionId, "prompts.read");
            List<CheckInPrompt> due = CheckInPrompt.list(
                    "sessionId = ?1 and dueAt <= ?2 order by dueAt, respondent", sessionId, clock.instant());
            return due.stream()
                    .filter(p -> respondents == null || respondents.contains(p.respondent))
                    .filter(p -> !open || (p.answeredBy == null && !p.cancelled))
                    .map(PromptView::of).toList();
        });
    }
}
