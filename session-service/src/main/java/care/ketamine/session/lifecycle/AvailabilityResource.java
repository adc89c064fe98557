package care.ketamine.session.lifecycle;

import care.ketamine.contracts.security.Roles;
import care.ketamine.platform.problem.Problem;
import care.ketamine.session.domain.SessionType;
import care.ketamine.session.domain.SlotFinder;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.hibernate.validator.constraints.Range;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

@Path("/availability")
@Tag(name = "Sessions")
@SecurityRequirement(name = "jwt")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
public class AvailabilityResource {

    /** A UUID as Java writes it (any case): what a patient id is. */
    private static final String UUID_FORM = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

    private final FindAvailability findAvailability;
    private final Clock clock;

    public AvailabilityResource(FindAvailability findAvailability, Clock clock) {
        this.findAvailability = findAvailability;
        this.clock = clock;
    }

    @GET
    @RolesAllowed({Roles.SCHEDULER, Roles.ADMIN, Roles.CLINICIAN})
    @Operation(summary = "Free slots for a patient and a session type",
            description = "Every start (on the half hour) that the scheduling rules allow, with a licensed, available clinician.")
    @APIResponse(responseCode = "200", description = "Slots, soonest first",
            content = @Content(schema = @Schema(implementation = SlotFinder.Slot.class, type = SchemaType.ARRAY)))
    @APIResponse(responseCode = "400", description = "A parameter is missing or invalid")
    public List<SlotFinder.Slot> availability(
            @Parameter(required = true) @QueryParam("patientId")
            @NotNull @Pattern(regexp = UUID_FORM, message = "must be a patient id") String patientId,
            @Parameter(required = true, description = "PREPARATION, DOSING or INTEGRATION") @QueryParam("type")
            @NotNull @Pattern(regexp = "(?i)PREPARATION|DOSING|INTEGRATION", message = "must be PREPARATION, DOSING or INTEGRATION")
            String type,
            @Parameter(description = "From, UTC; default now") @QueryParam("from") @InstantText String from,
            @Parameter(description = "Days to search, 1-28; default 7") @QueryParam("days") @Range(min = 1, max = 28) Integer days,
            @Parameter(description = "At most this many, 1-50; default 20") @QueryParam("limit")
            @Range(min = 1, max = FindAvailability.MAX_SLOTS) Integer limit) {
        return findAvailability.slots(UUID.fromString(patientId), SessionType.valueOf(type.toUpperCase(Locale.ROOT)),
                from == null ? clock.instant() : Instant.parse(from), days == null ? 7 : days, limit == null ? 20 : limit);
    }
}
