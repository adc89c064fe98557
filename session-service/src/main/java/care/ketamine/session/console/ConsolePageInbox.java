package care.ketamine.session.console;

import care.ketamine.contracts.alerts.AlertCommand;
import care.ketamine.contracts.security.Roles;
import care.ketamine.platform.problem.Problem;
import care.ketamine.platform.problem.ProblemException;
import care.ketamine.platform.security.Caller;
import care.ketamine.platform.sql.SqlValues;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The pages alerting sent to the signed-in person's live screens, until their console shows them. Showing one
 * answers for it: the console says so here, and the receipt goes to alerting, which counts the page as delivered
 * and stops falling through to the person's next channel (SMS, a call).
 */
@Path("/console/api/pages")
@Tag(name = "Console", description = "The clinician console (HTML) and its sign-in")
@SecurityRequirement(name = "jwt")
@RolesAllowed({Roles.CLINICIAN, Roles.ON_CALL, Roles.ADMIN})
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
public class ConsolePageInbox {

    /** Older pages are history, not something to show as new. */
    static final Duration SHOWN_FOR = Duration.ofHours(12);

    @Schema(description = "A page to the signed-in person, not yet shown on any of their screens")
    public record Page(UUID notificationId, UUID alertId, String sessionId, String kind, Instant sentAt, String rule,
                       String severity, String summary) {
    }

    private final EntityManager entityManager;
    private final AlertCommands commands;
    private final JsonWebToken token;
    private final Clock clock;

    public ConsolePageInbox(EntityManager entityManager, AlertCommands commands, JsonWebToken token, Clock clock) {
        this.entityManager = entityManager;
        this.commands = commands;
        this.token = token;
        this.clock = clock;
    }

    @GET
    @Blocking
    @Operation(summary = "My pages not yet shown on any of my screens (the last 12 hours), newest first")
    @APIResponse(responseCode = "200", description = "The pages")
    public List<Page> unanswered() {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = entityManager.createNativeQuery("""
                            SELECT p.notification_id, p.alert_id, p.session_id, p.kind, p.sent_at,
                                   a.snapshot::jsonb #>> '{payload,rule}', a.snapshot::jsonb #>> '{payload,severity}',
                                   a.snapshot::jsonb #>> '{payload,summary}'
                            FROM console_page p LEFT JOIN console_alert a ON a.alert_id = p.alert_id
                            WHERE p.recipient = ?1 AND p.answered_at IS NULL AND p.sent_at > ?2
                            ORDER BY p.sent_at DESC LIMIT 50""")
                    .setParameter(1, token.getSubject()).setParameter(2, clock.instant().minus(SHOWN_FOR)).getResultList();
            return rows.stream().map(r -> new Page((UUID) r[0], (UUID) r[1], (String) r[2], (String) r[3],
                    SqlValues.instant(r[4]), (String) r[5], (String) r[6], (String) r[7])).toList();
        });
    }

    @POST
    @Path("/{notificationId}/shown")
    @Blocking
    @Operation(summary = "My console shows this page: its delivery receipt, sent to alerting-service on alerts.commands",
            description = "202: the receipt is on its way. Answering again changes nothing.")
    @APIResponse(responseCode = "202", description = "Sent")
    @APIResponse(responseCode = "404", description = "No such page to the signed-in person")
    public Response shown(@PathParam("notificationId") String notificationId) {
        UUID id = ProblemException.uuidOrNotFound("Page", notificationId);
        boolean first = QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> pages = entityManager.createNativeQuery(
                            "SELECT alert_id, answered_at FROM console_page WHERE notification_id = ?1 AND recipient = ?2 FOR UPDATE")
                    .setParameter(1, id).setParameter(2, token.getSubject()).getResultList();
            if (pages.isEmpty()) {
                // Someone else's page is as unknown to the caller as one that does not exist.
                throw ProblemException.notFound("Page " + notificationId);
            }
            if (pages.get(0)[1] != null) {
                return false;
            }
            entityManager.createNativeQuery("UPDATE console_page SET answered_at = ?2 WHERE notification_id = ?1")
                    .setParameter(1, id).setParameter(2, clock.instant()).executeUpdate();
            commands.send((UUID) pages.get(0)[0], AlertCommand.RECEIVED, null, id, token.getSubject(), Caller.of(token).role());
            return true;
        });
        return Response.accepted(Map.of("notificationId", id, "sent", first)).type(MediaType.APPLICATION_JSON).build();
    }

    @Schema(description = "The alert of a page this browser got by Web Push, as the push message names it")
    public record Pushed(@Schema(required = true) @NotNull UUID alertId) {
    }

    @POST
    @Path("/{notificationId}/pushed")
    @Blocking
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "My browser shows this Web Push page: its delivery receipt, sent to alerting-service on alerts.commands",
            description = "Called by the console's service worker when it shows a page pushed to this browser. 202: the "
                    + "receipt is on its way; alerting counts it only if the page is the signed-in person's and of this alert.")
    @APIResponse(responseCode = "202", description = "Sent")
    @APIResponse(responseCode = "400", description = "No alertId")
    @APIResponse(responseCode = "404", description = "No alert paged to the signed-in person by that id (yet)")
    public Response pushed(@PathParam("notificationId") String notificationId, @Valid @NotNull Pushed request) {
        UUID id = ProblemException.uuidOrNotFound("Page", notificationId);
        QuarkusTransaction.requiringNew().run(() -> {
            // Only for an alert paged to this person: nobody else's receipts, and nothing for made-up alerts, reach the topic.
            // Alerting checks again that the page itself is theirs and of this alert.
            if (entityManager.createNativeQuery("SELECT 1 FROM console_alert_recipient WHERE alert_id = ?1 AND recipient = ?2")
                    .setParameter(1, request.alertId()).setParameter(2, token.getSubject()).getResultList().isEmpty()) {
                throw ProblemException.notFound("Page " + notificationId);
            }
            commands.send(request.alertId(), AlertCommand.RECEIVED, null, id, token.getSubject(), Caller.of(token).role());
        });
        return Response.accepted(Map.of("notificationId", id, "sent", true)).type(MediaType.APPLICATION_JSON).build();
    }
}
