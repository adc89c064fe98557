package care.ketamine.session.lifecycle;

import care.ketamine.contracts.security.Roles;
import care.ketamine.platform.audit.ReadAudit;
import care.ketamine.platform.security.Caller;
import care.ketamine.platform.problem.Problem;
import care.ketamine.platform.problem.ProblemException;
import care.ketamine.session.device.PairDevice;
import care.ketamine.session.device.Pairing;
import care.ketamine.session.device.PairingRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
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
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.UUID;

@Path("/sessions")
@Tag(name = "Sessions", description = "Scheduling, the dosing-session lifecycle and device pairing")
@SecurityRequirement(name = "jwt")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
public class SessionResource {

    private final ScheduleSession scheduleSession;
    private final RunSession runSession;
    private final PairDevice pairDevice;
    private final SessionBook book;
    private final JsonWebToken token;
    private final ReadAudit audit;

    public SessionResource(ScheduleSession scheduleSession, RunSession runSession, PairDevice pairDevice, SessionBook book,
                           JsonWebToken token, ReadAudit audit) {
        this.audit = audit;
        this.scheduleSession = scheduleSession;
        this.runSession = runSession;
        this.pairDevice = pairDevice;
        this.book = book;
        this.token = token;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SCHEDULER, Roles.ADMIN})
    @Operation(summary = "Book a session", description = "Schedulers and admins. Publishes SCHEDULED on sessions.lifecycle.")
    @APIResponse(responseCode = "201", description = "Booked", content = @Content(schema = @Schema(implementation = SessionView.class)))
    @APIResponse(responseCode = "400", description = "A field missing or out of range, or no such clinician")
    @APIResponse(responseCode = "409", description = "The plan or a calendar does not allow it; every reason listed")
    public Response schedule(@Valid @NotNull ScheduleRequest session) {
        return Response.status(Response.Status.CREATED).entity(scheduleSession.schedule(session, token.getSubject()))
                .type(MediaType.APPLICATION_JSON).build();
    }

    @GET
    @Path("/{sessionId}")
    @RolesAllowed({Roles.CLINICIAN, Roles.SCHEDULER, Roles.ADMIN})
    @Transactional
    @Operation(summary = "A session with its history", description = "Its clinician, schedulers and admins. Every read is audited.")
    @APIResponse(responseCode = "200", description = "The session", content = @Content(schema = @Schema(implementation = SessionView.class)))
    @APIResponse(responseCode = "403", description = "Another clinician's session")
    @APIResponse(responseCode = "404", description = "No such session")
    public SessionView read(@PathParam("sessionId") UUID sessionId) {
        SessionRecord session = book.require(sessionId);
        SessionAccess.of(token).requireCareOrScheduling(session);
        Caller caller = Caller.of(token);
        audit.record(caller.subject(), caller.role(), "session.read", sessionId.toString());
        return book.view(session);
    }

    @POST
    @Path("/{sessionId}/reschedule")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SCHEDULER, Roles.ADMIN})
    @Operation(summary = "Move a SCHEDULED session, with a reason", description = "Schedulers and admins.")
    @APIResponse(responseCode = "200", description = "Moved", content = @Content(schema = @Schema(implementation = SessionView.class)))
    @APIResponse(responseCode = "400", description = "No start, or no reason or one too long")
    @APIResponse(responseCode = "409", description = "Not SCHEDULED, or the new time breaks a rule")
    public SessionView reschedule(@PathParam("sessionId") UUID sessionId, @Valid @NotNull RescheduleRequest request) {
        return scheduleSession.reschedule(sessionId, request, token.getSubject());
    }

    @GET
    @Path("/{sessionId}/discharge")
    @RolesAllowed({Roles.CLINICIAN, Roles.ADMIN})
    @Operation(summary = "The system's discharge proposal",
            description = "The session's clinician or an admin (as the steps). Each criterion met or not, with its figures: "
                    + "vitals near the pre-dose reading (every reading of the last 15 minutes within 20 mmHg systolic, "
                    + "10 diastolic, 20 bpm heart rate, SpO2 at or above the floor: 94 %, or the plan's SpO2 warning "
                    + "threshold when stricter; a reading without heart rate counts as not near), the sitter's MOAA/S 5 "
                    + "with the sitter present at their latest check-in within 15 minutes, the patient's last check-in "
                    + "says OK, no unresolved WARNING or CRITICAL alert, and 120 minutes since the tablet was taken (the "
                    + "floor, which cannot be overridden). Where the data is missing the criterion is not met (the "
                    + "conservative choice). Every read is audited.")
    @APIResponse(responseCode = "200", description = "The proposal", content = @Content(schema = @Schema(implementation = DischargeView.class)))
    @APIResponse(responseCode = "403", description = "Not this session's clinician")
    @APIResponse(responseCode = "409", description = "No tablet has been taken in this session")
    @Transactional
    public DischargeView discharge(@PathParam("sessionId") UUID sessionId) {
        DischargeView proposal = runSession.discharge(sessionId, SessionAccess.of(token));
        Caller caller = Caller.of(token);
        audit.record(caller.subject(), caller.role(), "session.discharge.read", sessionId.toString());
        return proposal;
    }

    @POST
    @Path("/{sessionId}/dosing-address")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.CLINICIAN, Roles.ADMIN})
    @Operation(summary = "Confirm where the patient is for this session",
            description = "After check-in and before the dose is authorized (CHECKED_IN, HELD, PRE_DOSE_CHECK), when it was "
                    + "not done at check-in: addressConfirmed true (the patient is at the dosing address on file) or "
                    + "dosingAddress (where they are today, for this session only; its emergency number the country's unless "
                    + "given). The session's clinician or an admin. No dose is authorized until the address is confirmed; "
                    + "the confirmed address and emergency number are what the emergency step of a CRITICAL page shows.")
    @APIResponse(responseCode = "200", description = "Confirmed", content = @Content(schema = @Schema(implementation = SessionView.class)))
    @APIResponse(responseCode = "400", description = "Neither given, or an incomplete or too long address; nothing changed")
    @APIResponse(responseCode = "403", description = "Not this session's clinician")
    @APIResponse(responseCode = "404", description = "No such session")
    @APIResponse(responseCode = "409", description = "Not a dosing session, not between check-in and the dose, or no "
            + "address on file to confirm")
    public SessionView confirmAddress(@PathParam("sessionId") UUID sessionId, @Valid StepRequest request) {
        return runSession.confirmAddress(sessionId, request, SessionAccess.of(token));
    }

    @POST
    @Path("/{sessionId}/{step}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.CLINICIAN, Roles.SCHEDULER, Roles.ADMIN})
    @Operation(summary = "Take a lifecycle step",
            description = "check-in, gate, dose, tablet-taken, monitoring, recovery, complete, abort, cancel, handover, "
                    + "discharge. The session's clinician (or an admin); schedulers may only cancel. An illegal step is 409 "
                    + "with every reason and changes nothing; missing input is 400. "
                    + "dose (PRE_DOSE_CHECK to DOSE_AUTHORIZED) needs the dosing address confirmed for the session (at "
                    + "check-in, or POST /sessions/{id}/dosing-address), and re-checks at that moment: the latest reading is at most "
                    + "15 minutes old, within the plan's gate for BP and heart rate, SpO2 at or above the floor when "
                    + "measured (a reading after the gate passed counts); no unresolved WARNING or CRITICAL alert; the "
                    + "sitter's latest check-in does not say absent. A passed gate expires back to CHECKED_IN after 15 "
                    + "minutes without a dose, an authorization after 15 minutes without tablet-taken (gateExpiresAt, "
                    + "authorizationExpiresAt). tablet-taken (DOSE_AUTHORIZED to DOSED) sets the dose time. "
                    + "recovery (MONITORING to RECOVERED) and discharge (ENDED_EARLY to ABORTED) pass when the proposal "
                    + "of GET /sessions/{id}/discharge is met, or each unmet criterion is overridden with a written "
                    + "reason (overrides); the 120-minute floor cannot be overridden. complete is refused while a "
                    + "CRITICAL alert is unresolved. abort and cancel need a reason; abort before the tablet ends the "
                    + "session (ABORTED), after it moves to ENDED_EARLY, still monitored; cancel is refused after the "
                    + "tablet. handover (after the tablet) needs called, calledAt and reason and ends the session "
                    + "(HANDED_OVER).")
    @APIResponse(responseCode = "200", description = "Done", content = @Content(schema = @Schema(implementation = SessionView.class)))
    @APIResponse(responseCode = "400", description = "Missing or too long input; nothing changed")
    @APIResponse(responseCode = "403", description = "Not this session's clinician")
    @APIResponse(responseCode = "404", description = "No such session or step")
    @APIResponse(responseCode = "409", description = "Not allowed now; every reason named")
    public SessionView step(@PathParam("sessionId") UUID sessionId,
                            @Parameter(description = "check-in, gate, dose, tablet-taken, monitoring, recovery, complete, "
                                    + "abort, cancel, handover or discharge")
                            @PathParam("step") String step, @Valid StepRequest request) {
        RunSession.Step parsed = RunSession.Step.named(step);
        SessionAccess access = SessionAccess.of(token);
        if (access.scheduler() && !access.admin() && !access.clinician() && parsed != RunSession.Step.CANCEL) {
            throw new ProblemException(Response.Status.FORBIDDEN, "Schedulers may cancel a session, not run it");
        }
        return runSession.step(sessionId, parsed, request, access);
    }

    @POST
    @Path("/{sessionId}/devices")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.CLINICIAN, Roles.ADMIN})
    @Transactional
    @Operation(summary = "Pair a device and issue its token",
            description = "The session's clinician or an admin pairs a patient's reading device (kind bp-cuff, "
                    + "pulse-oximeter, or monitor, the combined device and the default) or the sitter's phone (kind "
                    + "sitter-phone), with an optional declared cadenceSeconds (pulse-oximeter 1-60, bp-cuff 60-3600, "
                    + "monitor 10-900) and the device's manufacturer, model and firmware as it reports them "
                    + "(schedulers book sessions but do not pair devices: 403). The token is bound to this session and "
                    + "this device (device_id), names its kind (device_kind), is for vitals-service (and session-service's "
                    + "device endpoints only), and is valid until sessions.device-token-margin (2 h) after the session's "
                    + "scheduled end; the device renews it with POST /sessions/{id}/devices/token while the session has "
                    + "not ended. A session may have a cuff and an oximeter at once; pairing a new device of the same role "
                    + "AND kind revokes the session's earlier device of that kind at once (DEVICE_REVOKED on "
                    + "sessions.lifecycle), so a lost or replaced device stops working as soon as its successor is paired, "
                    + "while a device of another kind stays paired. DEVICE_PAIRED on sessions.lifecycle carries the "
                    + "device's kind, cadence and description (SessionChanged.device).")
    @APIResponse(responseCode = "201", description = "Paired", content = @Content(schema = @Schema(implementation = Pairing.class)))
    @APIResponse(responseCode = "400", description = "Unknown role, no label, a kind that is not the role's, a cadence "
            + "outside the kind's bounds, or a description longer than 200 characters; nothing is paired")
    @APIResponse(responseCode = "409", description = "The session has ended")
    public Response pair(@PathParam("sessionId") UUID sessionId, @Valid @NotNull PairingRequest device) {
        SessionRecord session = book.require(sessionId);
        SessionAccess.of(token).requireCareOrScheduling(session);
        return Response.status(Response.Status.CREATED)
                .entity(pairDevice.pair(session, device, token.getSubject()))
                .type(MediaType.APPLICATION_JSON).build();
    }

    @DELETE
    @Path("/{sessionId}/devices/{deviceId}")
    @RolesAllowed({Roles.CLINICIAN, Roles.ADMIN})
    @Transactional
    @Operation(summary = "Revoke a paired device", description = "The session's clinician or an admin, as pairing.")
    @APIResponse(responseCode = "204", description = "Revoked")
    @APIResponse(responseCode = "404", description = "No such device on this session")
    public void revoke(@PathParam("sessionId") UUID sessionId, @PathParam("deviceId") UUID deviceId) {
        SessionRecord session = book.require(sessionId);
        SessionAccess.of(token).requireCareOrScheduling(session);
        pairDevice.revoke(session, deviceId, token.getSubject());
    }
}
