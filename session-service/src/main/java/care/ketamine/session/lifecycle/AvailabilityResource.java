package care.ketamine.session.lifecycle;

import care.ketamine.contracts.security.Roles;
import care.ketamine.platform.problem.Problem;
import care.ketamine.platform.problem.ProblemException;
import care.ketamine.session.domain.SessionType;
import care.ketamine.session.domain.SlotFinder;
import jakarta.annotation.security.RolesAllowed;
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

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

@Path("/availability")
@Tag(name = "Sessions")
@SecurityRequirement(name = "jwt")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
public class AvailabilityResource {

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
            @Parameter(required = true) @QueryParam("patientId") String patientId,
            @Parameter(required = true, description = "PREPARATION, DOSING or INTEGRATION") @QueryParam("type") String type,
            @Parameter(description = "From, UTC; default now") @QueryParam("from") String from,
            @Parameter(description = "Days to search, 1-28; default 7") @QueryParam("days") Integer days,
            @Parameter(description = "At most this many, 1-50; default 20") @QueryParam("limit") Integer limit) {
        List<Problem.Violation> violations = new ArrayList<>();
        UUID patient = parse(violations, "patientId", "must be a patient id", () -> UUID.fromString(patientId));
        SessionType sessionType = parse(violations, "type", "must be PREPARATION, DOSING or INTEGRATION",
                () -> SessionType.valueOf(type.toUpperCase(Locale.ROOT)));
        Instant start = from == null ? clock.instant()
                : parse(violations, "from", "must be an instant, e.g. 2026-12-01T15:00:00Z", () -> Instant.parse(from));
        if (days != null && (days < 1 || days > 28)) {
            violations.add(new Problem.Violation("days", "must be between 1 and 28"));
        }
        if (limit != null && (limit < 1 || limit > FindAvailability.MAX_SLOTS)) {
            violations.add(new Problem.Violation("limit", "must be between 1 and " + FindAvailability.MAX_SLOTS));
        }
        if (!violations.isEmpty()) {
            throw ProblemException.invalid("The search is not valid", violations);
        }
        return findAvailability.slots(patient, sessionType, start, days == null ? 7 : days, limit == null ? 20 : limit);
    }

    private static <T> T parse(List<Problem.Violation> violations, String field, String rule, java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException | NullPointerException | DateTimeParseException e) {
            violations.add(new Problem.Violation(field, rule));
            return null;
        }
    }
}
