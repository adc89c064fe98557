package care.ketamine.alerting.oncall;

import care.ketamine.alerting.domain.OnCallRoster;
import care.ketamine.contracts.security.Roles;
import care.ketamine.platform.problem.FreeText;
import care.ketamine.platform.problem.Problem;
import care.ketamine.platform.problem.ProblemException;
import care.ketamine.platform.problem.TextLimit;
import care.ketamine.platform.security.Caller;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
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
import org.hibernate.validator.constraints.Range;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import static care.ketamine.platform.problem.TextLimit.Kind.NAME;

@Path("/oncall")
@Tag(name = "On call", description = "Who is on call: rotations by tier, and overrides")
@SecurityRequirement(name = "jwt")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
public class OnCallResource {

    private static final String TIERS = "must be 1 or 2";
    private static final String FORM_LENGTH = "is not valid (at most " + RosterForm.LONGEST + " characters)";
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
                                          description = NAME_LIMIT) @NotBlank @TextLimit(NAME) String id,
                                  @Schema(required = true, enumeration = {"1", "2"}) @NotNull @Range(min = 1, max = 2, message = TIERS) Integer tier,
                                  @Schema(required = true, maxItems = 50, description = "1 to 50 staff ids. Each: " + NAME_LIMIT)
                                  @NotNull @Size(min = 1, max = 50, message = "must name 1 to 50 people, none blank")
                                  List<@NotBlank @TextLimit(NAME) String> members,
                                  @Schema(required = true, examples = "7") @NotNull @Range(min = 1, max = 90, message = "must be 1 to 90") Integer lengthDays,
                                  @Schema(required = true, examples = "08:00") @NotNull @Size(max = RosterForm.LONGEST, message = FORM_LENGTH)
                                  @RosterForm(RosterForm.Kind.TIME) String handoff,
                                  @Schema(required = true, examples = "America/Los_Angeles") @NotNull @Size(max = RosterForm.LONGEST, message = FORM_LENGTH)
                                  @RosterForm(RosterForm.Kind.ZONE) String timezone,
                                  @Schema(required = true, examples = "2026-11-02") @NotNull @Size(max = RosterForm.LONGEST, message = FORM_LENGTH)
                                  @RosterForm(RosterForm.Kind.DATE) String startsOn) {
    }

    @Schema(description = "Someone else on call for a tier during a window")
    @EndsAfterStart
    public record OverrideRequest(@Schema(required = true, enumeration = {"1", "2"}) @NotNull @Range(min = 1, max = 2, message = TIERS) Integer tier,
                                  @Schema(required = true, maxLength = FreeText.NAME_CHARACTERS,
                                          description = NAME_LIMIT) @NotBlank @TextLimit(NAME) String staffId,
                                  @Schema(required = true, examples = "2026-11-26T16:00:00Z") @NotNull Instant from,
                                  @Schema(required = true, examples = "2026-11-27T16:00:00Z") @NotNull Instant to,
                                  @Schema(required = true, examples = "Covering for a sick colleague", maxLength = 500,
                                          description = "At most 500 characters and 1500 bytes (UTF-8)")
                                  @NotBlank @TextWithin(characters = 500, bytes = 1_500) String reason) {
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
    public Response addRotation(@Valid @NotNull RotationRequest r) {
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
    public Response addOverride(@Valid @NotNull OverrideRequest o) {
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
        return new OnCallRoster.Rotation(r.id().strip(), r.tier(), r.members().stream().map(String::strip).toList(),
                r.lengthDays(), LocalTime.parse(r.handoff()), ZoneId.of(r.timezone()), LocalDate.parse(r.startsOn()));
    }
}
