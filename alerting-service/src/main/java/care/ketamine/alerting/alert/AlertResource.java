package care.ketamine.alerting.alert;

import care.ketamine.platform.problem.Problem;
import care.ketamine.platform.problem.ProblemException;
import care.ketamine.contracts.security.Roles;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

import java.util.List;
import java.util.Locale;

@Path("/alerts")
@Tag(name = "Alerts", description = "Alerts raised by the clinical rules")
@SecurityRequirement(name = "jwt")
@RolesAllowed({Roles.ON_CALL, Roles.CLINICIAN})
public class AlertResource {

    private final ListAlerts listAlerts;
    private final AlertStream stream;

    public AlertResource(ListAlerts listAlerts, AlertStream stream) {
        this.listAlerts = listAlerts;
        this.stream = stream;
    }

    @GET
    @Blocking
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "List alerts in a status, newest first (at most 200)",
            description = "On-call staff and clinicians may call it.")
    @APIResponse(responseCode = "200", description = "The alerts",
            content = @Content(schema = @Schema(implementation = AlertView.class, type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.ARRAY)))
    @APIResponse(responseCode = "400", description = "Unknown status",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No valid token")
    @APIResponse(responseCode = "403", description = "Not on-call staff or a clinician")
    public List<AlertView> list(
            @Parameter(description = "open, acknowledged or resolved") @QueryParam("status") String status,
            @Parameter(description = "only this session's alerts") @QueryParam("sessionId") String sessionId) {
        return listAlerts.list(parseStatus(status), sessionId);
    }

    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "Live alerts as Server-Sent Events",
            description = "First every unresolved alert, then each change as it commits. An alert may arrive more than once; "
                    + "keep the highest version per id.")
    @APIResponse(responseCode = "200", description = "A stream of AlertView events")
    public Multi<AlertView> stream() {
        Multi<AlertView> unresolved = Multi.createFrom()
                .item(() -> concat(listAlerts.list(AlertStatus.OPEN, null), listAlerts.list(AlertStatus.ACKNOWLEDGED, null)))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onItem().transformToIterable(alerts -> alerts);
        return Multi.createBy().merging().streams(stream.live(), unresolved);
    }

    private static List<AlertView> concat(List<AlertView> first, List<AlertView> second) {
        return java.util.stream.Stream.concat(first.stream(), second.stream()).toList();
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
}
