package care.ketamine.alerting.oncall;

import care.ketamine.alerting.domain.OnCallRoster;
import care.ketamine.contracts.security.Roles;
import care.ketamine.platform.problem.FreeText;
import care.ketamine.platform.problem.Problem;
import care.ketamine.platform.problem.ProblemException;
import care.ketamine.platform.security.Caller;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

@Path("/oncall")
@Tag(name = "On call", description = "Who is on call: rotations by tier, and overrides")
@SecurityRequirement(name = "jwt")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
public class OnCallResource {

    /** Why an on-call override was made: a sentence or two. */
    private static final FreeText OVERRIDE_REASON = new FreeText(500, 1_500);
    static final String NAME_LIMIT = "At most " + FreeText.NAME_CHARACTERS + " characters and " + FreeText.NAME_BYTES + " bytes (UTF-8)";

    private final Roster roster;
    private final JsonWebToken token;
    private final Clock clock;

    public OnCallResource(Roster roster, JsonWebToken token, Clock clock) {
        this.roster = roster;
        this.token = token;
        this.clock = clock;
    }

    @Schema(description = "Who is on call for a tier now, why, and until when; staffId null when nobody is")
    public record OnCallNow(int tier, String staffId, String source, Instant until) {
    }

    @Schema(description = "A rotation: members take turns of lengthDays, handing off at a local time")
    public record RotationRequest(@Schema(required = true, examples = "nurses", maxLength = FreeText.NAME_CHARACTERS,
                                          description = NAME_LIMIT) String id,
                                  @Schema(required = true, enumeration = {"1", "2"}) Integer tier,
                                  @Schema(required = true, maxItems = 50, description = "1 to 50 staff ids. Each: " + NAME_LIMIT) List<String> members,
                                  @Schema(required = true, examples = "7") Integer lengthDays,
                                  @Schema(required = true, examples = "08:00") String handoff,
                                  @Schema(required = true, examples = "America/Los_Angeles") String timezone,
                                  @Schema(required = true, examples = "2026-11-02") String startsOn) {
    }

    @Schema(description = "Someone else on call for a tier during a window")
    public record OverrideRequest(@Schema(required = true, enumeration = {"1", "2"}) Integer tier,
                                  @Schema(required = true, maxLength = FreeText.NAME_CHARACTERS,
                                          description = NAME_LIMIT) String staffId,
                                  @Schema(required = true, examples = "2026-11-26T16:00:00Z") Instant from,
                                  @Schema(required = true, examples = "2026-11-27T16:00:00Z") Instant to,
                                  @Schema(required = true, examples = "Covering for a sick colleague", maxLength = 500,
                                          description = "At most 500 characters and 1500 bytes (UTF-8)") String reason) {
    }

    @GET
    @Path("/now")
    @Blocking
    @RolesAllowed({Roles.ON_CALL, Roles.CLINICIAN, Roles.ADMIN})
    @Operation(summary = "Who is on call now, for tiers 1 and 2")
    @APIResponse(responseCode = "200", description = "Tier 1 and tier 2",
            content = @Content(schema = @Schema(implementation = OnCallNow.class, type = SchemaType.ARRAY)))
    public List<OnCallNow> now() {
        Instant now = clock.instant();
        OnCallRoster current = roster.current();
        return List.of(1, 2).stream().map(tier -> current.onCall(tier, now)
                .map(s -> new OnCallNow(tier, s.staffId(), s.source(), s.until()))
                .orElse(new OnCallNow(tier, null, "nobody is on call", null))).toList();
    }

    @GET
    @Path("/rotations")
    @Blocking
    @RolesAllowed({Roles.ON_CALL, Roles.CLINICIAN, Roles.ADMIN})
    @Operation(summary = "The rotations")
    @APIResponse(responseCode = "200", description = "The rotations")
    public List<OnCallRoster.Rotation> rotations() {
        return roster.rotations();
    }

    @POST
    @Path("/rotations")
    @Blocking
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Add a rotation (admins)")
    @APIResponse(responseCode = "201", description = "Added")
    @APIResponse(responseCode = "409", description = "A rotation with this id exists")
    public Response addRotation(RotationRequest r) {
        OnCallRoster.Rotation rotation = rotation(r);
        if (roster.rotationExists(rotation.id())) {
            throw new ProblemException(Response.Status.CONFLICT, "Rotation " + rotation.id() + " exists");
        }
        roster.add(rotation, token.getSubject(), clock.instant());
        return Response.status(Response.Status.CREATED).entity(rotation).type(MediaType.APPLICATION_JSON).build();
    }

    @GET
    @Path("/overrides")
    @Blocking
    @RolesAllowed({Roles.ON_CALL, Roles.CLINICIAN, Roles.ADMIN})
    @Operation(summary = "The overrides")
    @APIResponse(responseCode = "200", description = "The overrides")
    public List<OnCallRoster.ScheduleOverride> overrides() {
        return roster.overrides();
    }

    @POST
    @Path("/overrides")
    @Blocking
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Put someone else on call for a window (admins)")
    @APIResponse(responseCode = "201", description = "Added")
    public Response addOverride(OverrideRequest o) {
        List<Problem.Violation> violations = new ArrayList<>();
        if (o == null) {
            throw ProblemException.invalid("No override", List.of(new Problem.Violation("body", "is required")));
        }
        tier(violations, o.tier());
        text(violations, "staffId", o.staffId(), FreeText.NAME);
        text(violations, "reason", o.reason(), OVERRIDE_REASON);
        if (o.from() == null || o.to() == null || !o.from().isBefore(o.to())) {
            violations.add(new Problem.Violation("to", "from and to are required, and to is after from"));
        }
        if (!violations.isEmpty()) {
            throw ProblemException.invalid("The override was not added", violations);
        }
        OnCallRoster.ScheduleOverride cover = new OnCallRoster.ScheduleOverride(UUID.randomUUID().toString(), o.tier(),
                o.staffId().strip(), o.from(), o.to(), o.reason().strip());
        roster.add(cover, token.getSubject(), clock.instant());
        return Response.status(Response.Status.CREATED).entity(cover).type(MediaType.APPLICATION_JSON).build();
    }

    @DELETE
    @Path("/overrides/{id}")
    @Blocking
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Remove an override (admins)", description = "Audited: who removed which override, and when.")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "404", description = "No such override")
    public void removeOverride(@PathParam("id") String id) {
        Caller caller = Caller.of(token);
        if (!roster.removeOverride(id, caller.subject(), caller.role())) {
            throw ProblemException.notFound("Override " + id);
        }
    }

    private static OnCallRoster.Rotation rotation(RotationRequest r) {
        if (r == null) {
            throw ProblemException.invalid("No rotation", List.of(new Problem.Violation("body", "is required")));
        }
        List<Problem.Violation> violations = new ArrayList<>();
        text(violations, "id", r.id(), FreeText.NAME);
        tier(violations, r.tier());
        if (r.members() == null || r.members().isEmpty() || r.members().size() > 50
                || r.members().stream().anyMatch(m -> m == null || m.isBlank())) {
            violations.add(new Problem.Violation("members", "must name 1 to 50 people, none blank"));
        } else {
            for (int i = 0; i < r.members().size(); i++) {
                text(violations, "members[" + i + "]", r.members().get(i), FreeText.NAME);
            }
        }
        if (r.lengthDays() == null || r.lengthDays() < 1 || r.lengthDays() > 90) {
            violations.add(new Problem.Violation("lengthDays", "must be 1 to 90"));
        }
        LocalTime handoff = parse(violations, "handoff", r.handoff(), LocalTime::parse);
        ZoneId zone = parse(violations, "timezone", r.timezone(), ZoneId::of);
        LocalDate startsOn = parse(violations, "startsOn", r.startsOn(), LocalDate::parse);
        if (!violations.isEmpty()) {
            throw ProblemException.invalid("The rotation was not added", violations);
        }
        return new OnCallRoster.Rotation(r.id().strip(), r.tier(), r.members().stream().map(String::strip).toList(),
                r.lengthDays(), handoff, zone, startsOn);
    }

    private static void tier(List<Problem.Violation> violations, Integer tier) {
        if (tier == null || (tier != 1 && tier != 2)) {
            violations.add(new Problem.Violation("tier", "must be 1 or 2"));
        }
    }

    private static void text(List<Problem.Violation> violations, String field, String value, FreeText limit) {
        if (value == null || value.isBlank()) {
            violations.add(new Problem.Violation(field, "is required"));
        } else if (!limit.fits(value)) {
            violations.add(new Problem.Violation(field, limit.rule()));
        }
    }

    private static <T> T parse(List<Problem.Violation> violations, String field, String value,
                               java.util.function.Function<String, T> parser) {
        if (value == null) {
            violations.add(new Problem.Violation(field, "is required"));
            return null;
        }
        if (value.length() > 100) {
            violations.add(new Problem.Violation(field, "is not valid (at most 100 characters)"));
            return null;
        }
        try {
            return parser.apply(value);
        } catch (DateTimeException e) {
            violations.add(new Problem.Violation(field, "is not valid: " + value));
            return null;
        }
    }
}
