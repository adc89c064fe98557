package care.ketamine.session.console;

import care.ketamine.session.lifecycle.StepRequest;
import care.ketamine.session.lifecycle.SessionAccess;
import care.ketamine.session.lifecycle.RunSession;
import care.ketamine.session.lifecycle.DischargeView;
import care.ketamine.session.record.MonitoringRecordResource;
import care.ketamine.session.record.ReadMonitoringRecord;
import care.ketamine.platform.security.Caller;
import jakarta.ws.rs.core.HttpHeaders;
import care.ketamine.contracts.intake.MonitoringThresholds;
import care.ketamine.contracts.intake.TreatmentPlanApproved;
import care.ketamine.contracts.security.Roles;
import care.ketamine.platform.audit.ReadAudit;
import care.ketamine.platform.json.StoredJson;
import care.ketamine.platform.live.ResumableStreams;
import care.ketamine.platform.problem.Problem;
import care.ketamine.platform.problem.ProblemException;
import care.ketamine.session.clinician.Clinician;
import care.ketamine.session.domain.StepOffer;
import care.ketamine.contracts.vitals.CheckInPrompted;
import care.ketamine.platform.time.ClinicalTime;
import care.ketamine.session.plan.PatientPlan;
import care.ketamine.session.lifecycle.SessionBook;
import care.ketamine.session.lifecycle.SessionRecord;
import care.ketamine.session.lifecycle.SessionView;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
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
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The console's data, for signed-in staff (the cookie, or a Bearer token). A clinician sees their
 * own sessions; on-call staff the sessions of alerts notified to them; admins all.
 */
@Path("/console/api")
@Tag(name = "Console", description = "The clinician console (HTML) and its sign-in")
@SecurityRequirement(name = "jwt")
@RolesAllowed({Roles.CLINICIAN, Roles.ON_CALL, Roles.ADMIN})
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
public class ConsoleApi {

    private final SessionBook book;
    private final ConsoleFeed feed;
    private final StoredJson json;
    private final EntityManager entityManager;
    private final JsonWebToken token;
    private final Clock clock;
    private final ReadAudit audit;

    private final RunSession runSession;
    private final TodaysSessions todaysSessions;
    private final ReadMonitoringRecord readRecord;
    private final care.ketamine.session.device.PairDevice pairDevice;
    private final AlertCommands commands;
    private final java.time.Duration missedAfter;

    public ConsoleApi(SessionBook book, ConsoleFeed feed, StoredJson json, EntityManager entityManager,
                      JsonWebToken token, Clock clock, ReadAudit audit, RunSession runSession, TodaysSessions todaysSessions,
                      ReadMonitoringRecord readRecord, care.ketamine.session.device.PairDevice pairDevice,
                      AlertCommands commands, ClinicalTime clinicalTime) {
        this.commands = commands;
        this.missedAfter = clinicalTime.scaled(CheckInPrompted.MISSED_AFTER);
        this.pairDevice = pairDevice;
        this.runSession = runSession;
        this.todaysSessions = todaysSessions;
        this.readRecord = readRecord;
        this.audit = audit;
        this.book = book;
        this.feed = feed;
        this.json = json;
        this.entityManager = entityManager;
        this.token = token;
        this.clock = clock;
    }

    public record Me(String id, String role, String name, String timezone) {
    }

    public record TodaysSession(UUID id, String patientId, PatientShown patient, String type, String state, Instant start,
                                String startLocal, long openAlerts) {
    }

    public record SessionDetail(SessionView session, PatientShown patient, MonitoringThresholds thresholds, int baselineSystolic,
                                int baselineDiastolic, TreatmentPlanApproved.Person sitter,
                                TreatmentPlanApproved.Person emergencyContact,
                                @Schema(description = "The lifecycle steps offered now, in the order a session goes, each "
                                        + "allowed or with the reason its step would be refused with (none for on-call staff)")
                                List<StepOffer> actions,
                                @Schema(description = "The server's time of this answer: the page counts the gate's and "
                                        + "the authorization's time left from it, whatever the browser's clock says")
                                Instant now,
                                @Schema(description = "Whether the plan has the sitter texted to check on the patient "
                                        + "when a critical alert is raised")
                                boolean textSitterOnCriticalAlerts,
                                @Schema(description = "A prompt unanswered this long after it was due is MISSED, as "
                                        + "alerting judges it (clinical time: divided by the stack's compression)")
                                long checkInMissedAfterMillis,
                                @Schema(description = "The patient's timezone from their plan (IANA id), for their local "
                                        + "time beside the dose time; null when the plan has none")
                                String patientTimezone) {
    }

    public record ActionRequest(String comment) {
    }

    @GET
    @Path("/me")
    @Operation(summary = "Who is signed in")
    public Me me() {
        Clinician clinician = QuarkusTransaction.requiringNew().call(() -> Clinician.findById(token.getSubject()));
        return new Me(token.getSubject(), role(), token.getClaim("name"), clinician == null ? "UTC" : clinician.timezone);
    }

    @GET
    @Path("/today")
    @Blocking
    @Operation(summary = "Today's sessions of the signed-in clinician (admins: everyone's), in their timezone",
            description = "Sessions starting today in the caller's zone, and every session active now whenever it started "
                    + "(checked in or later and not ended, ENDED_EARLY included).")
    public List<TodaysSession> today() {
        return QuarkusTransaction.requiringNew().call(() -> {
            TodaysSessions.Day day = todaysSessions.of(token.getSubject(), Roles.ADMIN.equals(role()) ? null : token.getSubject());
            // Patients' names and ages: a read of personal data, audited like the session view.
            audit.record(token.getSubject(), role(), "console.today.read", null);
            java.time.LocalDate today = clock.instant().atZone(day.zone()).toLocalDate();
            return day.sessions().stream().map(s -> new TodaysSession(s.id, s.patientId.toString().substring(0, 8),
                    shown(s.patientId, today), s.type, s.state, s.startsAt, s.startsAt.atZone(day.zone()).toLocalTime().toString(),
                    openAlerts(s.id.toString()))).toList();
        });
    }

    @GET
    @Path("/sessions/{sessionId}")
    @Blocking
    @Operation(summary = "A session with its plan's thresholds, contacts and the steps allowed now")
    @APIResponse(responseCode = "200", description = "The session",
            content = @Content(schema = @Schema(implementation = SessionDetail.class)))
    @APIResponse(responseCode = "404", description = "No such session")
    public SessionDetail session(@PathParam("sessionId") String sessionId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            SessionRecord s = visible(sessionId);
            audit.record(token.getSubject(), role(), "console.session.read", sessionId);
            PatientPlan plan = PatientPlan.findById(s.patientId);
            List<StepOffer> actions = offers(s);
            return new SessionDetail(book.view(s), shown(s.patientId, clock.instant().atZone(Clinician.zoneOf(token.getSubject())).toLocalDate()),
                    json.read(plan.thresholds, MonitoringThresholds.class),
                    plan.baselineSystolic, plan.baselineDiastolic, json.read(plan.sitter, TreatmentPlanApproved.Person.class),
                    json.read(plan.emergencyContact, TreatmentPlanApproved.Person.class), actions, clock.instant(),
                    plan.textSitterOnCriticalAlerts, missedAfter.toMillis(), zoneOrNull(plan.timezone));
        });
    }

    @GET
    @Path("/sessions/{sessionId}/steps")
    @Blocking
    @Operation(summary = "The lifecycle steps offered now, each allowed or with the reason it would be refused",
            description = "As the session's actions: the page asks again as readings, check-ins and alerts arrive and as "
                    + "time passes (a hold's recheck, the floor). On-call staff are offered none. Audited.")
    @APIResponse(responseCode = "200", description = "The steps, in the order a session goes",
            content = @Content(schema = @Schema(implementation = StepOffer.class, type = SchemaType.ARRAY)))
    @APIResponse(responseCode = "404", description = "No such session")
    public List<StepOffer> steps(@PathParam("sessionId") String sessionId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            SessionRecord s = visible(sessionId);
            audit.record(token.getSubject(), role(), "console.session.steps", sessionId);
            return offers(s);
        });
    }

    /** A plan's zone as a valid IANA id, or null (a plan's zone is what intake approved; nothing is guessed). */
    private static String zoneOrNull(String zone) {
        try {
            return zone == null || zone.isBlank() ? null : java.time.ZoneId.of(zone).getId();
        } catch (java.time.DateTimeException unknown) {
            return null;
        }
    }

    /** On-call staff take no steps (the step endpoint refuses them); the session's clinician and admins are offered them. */
    private List<StepOffer> offers(SessionRecord s) {
        return Roles.ON_CALL.equals(role()) ? List.of() : runSession.offers(s);
    }

    /** The patient as the console names them; in the caller's transaction. */
    private static PatientShown shown(UUID patientId, java.time.LocalDate today) {
        return PatientShown.of(patientId, PatientPlan.findById(patientId), today);
    }

    @GET
    @Path("/sessions/{sessionId}/stream")
    @Blocking
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "The session live: readings, check-ins, prompts, alerts and lifecycle moves as SSE",
            description = "Without Last-Event-ID: the latest of each kind first. With it: everything after, no gap, no repeat "
                    + "(at most the latest 2000 events: an older one is clamped). 429 beyond the open streams allowed per "
                    + "person; the stream ends when the sign-in token expires.")
    public void stream(@PathParam("sessionId") String sessionId, @HeaderParam("Last-Event-ID") String lastEventId,
                       @jakarta.ws.rs.QueryParam("after") String afterParameter,
                       @Context SseEventSink sink, @Context Sse sse) {
        // The browser's EventSource sends Last-Event-ID when it reconnects; the first connection says where the page's
        // history ended with ?after=.
        Long after = ResumableStreams.lastEventId(lastEventId != null ? lastEventId : afterParameter);
        QuarkusTransaction.requiringNew().run(() -> {
            visible(sessionId);
            audit.record(token.getSubject(), role(), "console.session.stream", sessionId);
        });
        feed.follow(sessionId, after, sink, sse, token);
    }

    @GET
    @Path("/sessions/{sessionId}/history")
    @Blocking
    @Operation(summary = "The session's whole console feed so far, oldest first (at most 5000): for the charts")
    @SuppressWarnings("unchecked")
    public List<Object> history(@PathParam("sessionId") String sessionId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            visible(sessionId);
            audit.record(token.getSubject(), role(), "console.session.history", sessionId);
            List<Object[]> rows = entityManager.createNativeQuery(
                    "SELECT position, type, event FROM console_feed WHERE session_id = ?1 ORDER BY position LIMIT 5000")
                    .setParameter(1, sessionId).getResultList();
            return rows.stream().<Object>map(r -> java.util.Map.of("id", ((Number) r[0]).longValue(), "type", r[1],
                    "event", json.read((String) r[2], Object.class))).toList();
        });
    }

    @GET
    @Path("/alerts")
    @Blocking
    @Operation(summary = "Unresolved alerts: of my sessions (clinician), notified to me (on-call), or all (admin)")
    @SuppressWarnings("unchecked")
    public List<Object> alerts() {
        String sql = switch (role()) {
            case Roles.ADMIN -> "SELECT snapshot FROM console_alert WHERE status <> 'RESOLVED' ORDER BY updated_at DESC LIMIT 200";
            case Roles.ON_CALL -> "SELECT a.snapshot FROM console_alert a JOIN console_alert_recipient r ON r.alert_id = a.alert_id "
                    + "WHERE a.status <> 'RESOLVED' AND r.recipient = ?1 ORDER BY a.updated_at DESC LIMIT 200";
            default -> "SELECT a.snapshot FROM console_alert a JOIN session s ON s.id::text = a.session_id "
                    + "WHERE a.status <> 'RESOLVED' AND s.clinician_id = ?1 ORDER BY a.updated_at DESC LIMIT 200";
        };
        return QuarkusTransaction.requiringNew().call(() -> {
            audit.record(token.getSubject(), role(), "console.alerts.list", null);
            var query = entityManager.createNativeQuery(sql);
            if (!Roles.ADMIN.equals(role())) {
                query.setParameter(1, token.getSubject());
            }
            return ((List<String>) query.getResultList()).stream().map(s -> json.read(s, Object.class)).toList();
        });
    }

    @POST
    @Path("/sessions/{sessionId}/steps/{step}")
    @Blocking
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.CLINICIAN, Roles.ADMIN})
    @Operation(summary = "Take a lifecycle step from the console",
            description = "As POST /sessions/{id}/{step} of the API, for the session's clinician or an admin signed in to "
                    + "the console (the console's sign-in token is not accepted on the API).")
    @APIResponse(responseCode = "200", description = "Done")
    @APIResponse(responseCode = "409", description = "Not allowed now; the reason says why")
    public SessionView step(@PathParam("sessionId") String sessionId, @PathParam("step") String step,
                            @Valid StepRequest request) {
        return runSession.step(ProblemException.uuidOrNotFound("Session", sessionId), RunSession.Step.named(step), request,
                SessionAccess.of(token));
    }

    @POST
    @Path("/sessions/{sessionId}/devices")
    @Blocking
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.CLINICIAN, Roles.ADMIN})
    @Operation(summary = "Pair a device from the console",
            description = "As POST /sessions/{id}/devices of the API (its kind, cadence and description; a new device "
                    + "revokes the session's earlier one of the same role and kind only), for the session's clinician or an "
                    + "admin signed in to the console. The token is in the answer once.")
    @APIResponse(responseCode = "201", description = "Paired",
            content = @Content(schema = @Schema(implementation = care.ketamine.session.device.Pairing.class)))
    @APIResponse(responseCode = "400", description = "A kind that is not the role's, a cadence outside its bounds, a "
            + "description too long; nothing is paired")
    public Response pair(@PathParam("sessionId") String sessionId,
                         @Valid @NotNull care.ketamine.session.device.PairingRequest request) {
        care.ketamine.session.device.Pairing pairing = QuarkusTransaction.requiringNew()
                .call(() -> pairDevice.pair(visible(sessionId), request, token.getSubject()));
        return Response.status(Response.Status.CREATED).entity(pairing).type(MediaType.APPLICATION_JSON).build();
    }

    @GET
    @Path("/sessions/{sessionId}/discharge")
    @Blocking
    @RolesAllowed({Roles.CLINICIAN, Roles.ADMIN})
    @Operation(summary = "The system's discharge proposal now, for the console's recovery and discharge panels",
            description = "As GET /sessions/{id}/discharge of the API: each criterion met or not with its figures; the "
                    + "session's clinician or an admin; every read is audited.")
    @APIResponse(responseCode = "200", description = "The proposal")
    @APIResponse(responseCode = "409", description = "No tablet has been taken in this session")
    public DischargeView discharge(@PathParam("sessionId") String sessionId) {
        UUID id = ProblemException.uuidOrNotFound("Session", sessionId);
        return QuarkusTransaction.requiringNew().call(() -> {
            DischargeView proposal = runSession.discharge(id, SessionAccess.of(token));
            Caller caller = Caller.of(token);
            audit.record(caller.subject(), caller.role(), "session.discharge.read", sessionId);
            return proposal;
        });
    }

    @GET
    @Path("/sessions/{sessionId}/record")
    @Blocking
    @RolesAllowed({Roles.CLINICIAN, Roles.ADMIN})
    @Produces({MediaType.APPLICATION_JSON, MonitoringRecordResource.PDF, Problem.MEDIA_TYPE})
    @Operation(summary = "A dosing session's monitoring record (JSON, or a printable PDF with Accept: application/pdf)",
            description = "As GET /sessions/{id}/record of the API: the session's clinician or an admin; every read is "
                    + "audited (session.record.read.json or .pdf).")
    @APIResponse(responseCode = "200", description = "The record")
    @APIResponse(responseCode = "400", description = "Unknown format")
    @APIResponse(responseCode = "409", description = "Not a DOSING session")
    public Response record(@PathParam("sessionId") String sessionId,
                           @Parameter(description = "pdf: the PDF whatever Accept says (for the page's link)")
                           @jakarta.ws.rs.QueryParam("format") @Pattern(regexp = "pdf|json", message = "must be pdf or json")
                           String format, @Context HttpHeaders headers) {
        UUID id = ProblemException.uuidOrNotFound("Session", sessionId);
        // A link cannot set Accept: the page's link asks with ?format=pdf.
        boolean pdf = format == null ? MonitoringRecordResource.wantsPdf(headers) : "pdf".equals(format);
        return MonitoringRecordResource.answer(readRecord.read(id, SessionAccess.of(token), Caller.of(token),
                pdf ? "pdf" : "json"), pdf);
    }

    @POST
    @Path("/alerts/{alertId}/{action}")
    @Blocking
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Acknowledge or resolve an alert: sent to alerting-service on alerts.commands",
            description = "202: the command is on its way; the alert's new state arrives on the session's stream.")
    @APIResponse(responseCode = "202", description = "Sent")
    @APIResponse(responseCode = "400", description = "Unknown action, or resolve without a comment")
    @APIResponse(responseCode = "404", description = "No such alert")
    public Response act(@PathParam("alertId") String alertId,
                        @PathParam("action") @Pattern(regexp = "acknowledge|resolve", message = "must be acknowledge or resolve")
                        String action, ActionRequest request) {
        String command = action.toUpperCase(java.util.Locale.ROOT);
        String comment = request == null || request.comment() == null ? null : request.comment().strip();
        if ("RESOLVE".equals(command) && (comment == null || comment.isEmpty())) {
            throw ProblemException.invalid("Say why the alert is resolved",
                    List.of(new Problem.Violation("comment", "is required to resolve an alert")));
        }
        UUID id = ProblemException.uuidOrNotFound("Alert", alertId);
        QuarkusTransaction.requiringNew().run(() -> {
            List<?> sessions = entityManager.createNativeQuery("SELECT session_id FROM console_alert WHERE alert_id = ?1")
                    .setParameter(1, id).getResultList();
            if (sessions.isEmpty()) {
                throw ProblemException.notFound("Alert " + alertId);
            }
            String sessionId = (String) sessions.get(0);
            if (!Roles.ON_CALL.equals(role())) {
                visible(sessionId);
            } else if (entityManager.createNativeQuery("SELECT 1 FROM console_alert_recipient WHERE alert_id = ?1 AND recipient = ?2")
                    .setParameter(1, id).setParameter(2, token.getSubject()).getResultList().isEmpty()) {
                // On-call staff act only on the alerts notified to them, as alerting-service checks again.
                throw new ProblemException(Response.Status.FORBIDDEN, "This alert was not notified to you");
            }
            commands.send(id, command, comment, null, token.getSubject(), role());
        });
        return Response.accepted(java.util.Map.of("alertId", id, "action", command)).type(MediaType.APPLICATION_JSON).build();
    }

    private long openAlerts(String sessionId) {
        return ((Number) entityManager.createNativeQuery(
                        "SELECT count(*) FROM console_alert WHERE session_id = ?1 AND status <> 'RESOLVED'")
                .setParameter(1, sessionId).getSingleResult()).longValue();
    }

    /** The session, if the caller may see it: its clinician, an admin, or on-call staff notified of one of its alerts. */
    private SessionRecord visible(String sessionId) {
        SessionRecord s = book.require(ProblemException.uuidOrNotFound("Session", sessionId));
        boolean allowed = switch (role()) {
            case Roles.ADMIN -> true;
            case Roles.ON_CALL -> ((Number) entityManager.createNativeQuery("""
                            SELECT count(*) FROM console_alert a JOIN console_alert_recipient r ON r.alert_id = a.alert_id
                            WHERE a.session_id = ?1 AND r.recipient = ?2""")
                    .setParameter(1, sessionId).setParameter(2, token.getSubject()).getSingleResult()).longValue() > 0;
            default -> token.getSubject().equals(s.clinicianId);
        };
        if (!allowed) {
            throw new ProblemException(Response.Status.FORBIDDEN, "This is not one of your sessions");
        }
        return s;
    }

    private String role() {
        return Caller.of(token).role();
    }
}
