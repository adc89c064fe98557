package care.ketamine.intake.outcome;

import care.ketamine.contracts.security.Roles;
import care.ketamine.intake.InvalidRequest;
import care.ketamine.intake.domain.Breach;
import care.ketamine.platform.problem.Problem;
import care.ketamine.platform.security.Caller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

@Path("/outcomes")
@Tag(name = "Outcomes", description = "Follow-up PHQ-9 and GAD-7, trajectories and program figures")
@SecurityRequirement(name = "jwt")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
public class ProgramOutcomeResource {

    private final TrackOutcomes trackOutcomes;
    private final Clock clock;
    private final JsonWebToken token;

    public ProgramOutcomeResource(TrackOutcomes trackOutcomes, Clock clock, JsonWebToken token) {
        this.trackOutcomes = trackOutcomes;
        this.clock = clock;
        this.token = token;
    }

    @GET
    @RolesAllowed({Roles.CLINICIAN, Roles.ADMIN})
    @Operation(summary = "Program outcome figures, computed from data",
            description = "Clinicians and admins. Aggregates only: no patient is named. Each figure has its n and cohort; "
                    + "a figure (or the patient count) over fewer than 11 patients is suppressed: value and n null, "
                    + "with the reason. Every read is audited (who, window, when).")
    @APIResponse(responseCode = "200", description = "The figures",
            content = @Content(schema = @Schema(implementation = ProgramFigures.class)))
    @APIResponse(responseCode = "400", description = "A date that is not yyyy-mm-dd, or from after to")
    public ProgramFigures program(
            @Parameter(description = "First baseline date counted (UTC), yyyy-mm-dd; default one year before to")
            @QueryParam("from") String from,
            @Parameter(description = "Last baseline date counted (UTC), yyyy-mm-dd; default today") @QueryParam("to") String to) {
        LocalDate end = to == null ? LocalDate.now(clock.withZone(ZoneOffset.UTC)) : date("to", to);
        return trackOutcomes.program(from == null ? end.minusYears(1) : date("from", from), end, Caller.of(token));
    }

    private static LocalDate date(String field, String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw InvalidRequest.of("The window is not a pair of dates", List.of(new Breach(field, "must be a date, yyyy-mm-dd")));
        }
    }
}
