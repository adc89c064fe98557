package care.ketamine.alerting.alert;

import care.ketamine.alerting.notificationlog.NotificationView;
import care.ketamine.contracts.security.Roles;
import care.ketamine.platform.problem.FreeText;
import care.ketamine.platform.problem.Problem;
import care.ketamine.platform.problem.ProblemException;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
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
import org.jboss.resteasy.reactive.RestStreamElementType;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

@Path("/alerts")
@Tag(name = "Alerts", description = "Clinical alerts: one per problem per session")
@SecurityRequirement(name = "jwt")
@RolesAllowed({Roles.ON_CALL, Roles.CLINICIAN, Roles.ADMIN})
public class AlertResource {

    private final ListAlerts listAlerts;
    private final AlertActions actions;
    private final AlertStream stream;
    private final JsonWebToken token;

    public AlertResource(ListAlerts listAlerts, AlertActions actions, AlertStream stream, JsonWebToken token) {
        this.listAlerts = listAlerts;
        this.actions = actions;
        this.stream = stream;
        this.token = token;
    }

    @GET
    @Blocking
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "List alerts, newest first (at most 200)",
            description = "Admins see every alert, a clinician the alerts of their own sessions, on-call staff the alerts "
                    + "escalated to them.")
    @APIResponse(responseCode = "200", description = "The alerts",
            content = @Content(schema = @Schema(implementation = AlertView.class, type = SchemaType.ARRAY)))
    @APIResponse(responseCode = "400", description = "Unknown status or severity, or a filter over 200 characters")
    public List<AlertView> list(
            @Parameter(description = "open (default), acknowledged or resolved") @QueryParam("status") String status,
            @Parameter(description = "only this session's alerts", schema = @Schema(maxLength = 200)) @QueryParam("sessionId") String sessionId,
            @Parameter(description = "info, warning or critical") @QueryParam("severity") String severity,
            @Parameter(description = "only this rule, e.g. bp-crisis", schema = @Schema(maxLength = 200)) @QueryParam("rule") String rule) {
        filter("sessionId", sessionId);
        filter("rule", rule);
        return listAlerts.list(Viewer.of(token), parseStatus(status), sessionId, parseSeverity(severity), rule);
    }

    @GET
    @Path("/{alertId}")
    @Blocking
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "One alert")
    @APIResponse(responseCode = "200", description = "The alert", content = @Content(schema = @Schema(implementation = AlertView.class)))
    @APIResponse(responseCode = "404", description = "No such alert")
    public AlertView one(@PathParam("alertId") String alertId) {
        return listAlerts.one(Viewer.of(token), ProblemException.uuidOrNotFound("Alert", alertId));
    }

    @GET
    @Path("/{alertId}/notifications")
    @Blocking
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "The alert's notification log: every notification, channel, recipient and attempt")
    @APIResponse(responseCode = "200", description = "The log, oldest first",
            content = @Content(schema = @Schema(implementation = NotificationView.class, type = SchemaType.ARRAY)))
    @APIResponse(responseCode = "404", description = "No such alert")
    public List<NotificationView> notifications(@PathParam("alertId") String alertId) {
        return listAlerts.notifications(Viewer.of(token), ProblemException.uuidOrNotFound("Alert", alertId));
    }

    @POST
    @Path("/{alertId}/acknowledge")
    @Blocking
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "Acknowledge an open alert: you own it, and its escalation stops",
            description = "The session's clinician, on-call staff or an admin; the comment is optional.")
    @APIResponse(responseCode = "200", description = "Acknowledged", content = @Content(schema = @Schema(implementation = AlertView.class)))
    @APIResponse(responseCode = "400", description = "Malformed JSON or a comment over 2000 characters or 6000 bytes")
    @APIResponse(responseCode = "404", description = "No such alert")
    @APIResponse(responseCode = "409", description = "Already acknowledged or resolved")
    public AlertView acknowledge(@PathParam("alertId") String alertId, ActionRequest request) {
        return ChangedMeanwhile.tryAgain(() -> actions.acknowledge(ProblemException.uuidOrNotFound("Alert", alertId),
                Viewer.of(token).asActor(), request == null ? null : request.comment()));
    }

    @POST
    @Path("/{alertId}/resolve")
    @Blocking
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "Resolve an alert, saying why",
            description = "The session's clinician, on-call staff or an admin. If the condition returns within 5 minutes, "
                    + "the same alert reopens.")
    @APIResponse(responseCode = "200", description = "Resolved", content = @Content(schema = @Schema(implementation = AlertView.class)))
    @APIResponse(responseCode = "400", description = "No comment, malformed JSON or a comment over 2000 characters or 6000 bytes")
    @APIResponse(responseCode = "404", description = "No such alert")
    @APIResponse(responseCode = "409", description = "Already resolved")
    public AlertView resolve(@PathParam("alertId") String alertId, ActionRequest request) {
        return ChangedMeanwhile.tryAgain(() -> actions.resolve(ProblemException.uuidOrNotFound("Alert", alertId),
                Viewer.of(token).asActor(), request == null ? null : request.comment()));
    }

    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "Live alerts as Server-Sent Events",
            description = "First every unresolved alert the caller may see, then each change as it commits on any replica. "
                    + "An alert may arrive more than once; keep the highest version per id. Each alert pushed is audited. "
                    + "The stream ends when the token expires (reconnect with a fresh one); a reader that falls behind "
                    + "by live.streams.max-unsent alerts is cut off.")
    @APIResponse(responseCode = "200", description = "A stream of AlertView events")
    @APIResponse(responseCode = "429", description = "The caller (live.streams.per-user) or this service (live.streams.total) "
            + "has as many streams open as allowed")
    public Multi<AlertView> stream() {
        Viewer viewer = Viewer.of(token);
        Multi<AlertView> unresolved = Multi.createFrom()
                .item(() -> Stream.concat(listAlerts.list(viewer, AlertStatus.OPEN, null, null, null).stream(),
                        listAlerts.list(viewer, AlertStatus.ACKNOWLEDGED, null, null, null).stream()).toList())
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onItem().transformToIterable(alerts -> alerts);
        return stream.follow(viewer, token, unresolved);
    }

    private static void filter(String name, String value) {
        FreeText.NAME.refuseIfTooLong(name, value, "The " + name + " filter is too long");
    }

    private static AlertStatus parseStatus(String status) {
        if (status == null || status.isBlank()) {
            return AlertStatus.OPEN;
        }
        try {
            return AlertStatus.valueOf(status.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("Unknown alert status",
                    List.of(new Problem.Violation("status", "must be open, acknowledged or resolved")));
        }
    }

    private static String parseSeverity(String severity) {
        if (severity == null || severity.isBlank()) {
            return null;
        }
        String upper = severity.trim().toUpperCase(Locale.ROOT);
        if (!Set.of("INFO", "WARNING", "CRITICAL").contains(upper)) {
            throw ProblemException.invalid("Unknown severity",
                    List.of(new Problem.Violation("severity", "must be info, warning or critical")));
        }
        return upper;
    }
}
