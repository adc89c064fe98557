package care.ketamine.alerting.pagerduty;

import care.ketamine.alerting.alert.Alert;
import care.ketamine.alerting.alert.AlertActions;
import care.ketamine.alerting.alert.AlertRepository;
import care.ketamine.alerting.alert.AlertStatus;
import care.ketamine.alerting.alert.ChangedMeanwhile;
import care.ketamine.alerting.notification.DeliveryReceipts;
import care.ketamine.platform.problem.Problem;
import care.ketamine.platform.problem.ProblemException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.PermitAll;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * PagerDuty tells us an incident we triggered was acknowledged or resolved there (a v3 webhook subscription on the
 * clinic's service): the alert is acknowledged or resolved here too, through the same use cases as a person's, as
 * {@code pagerduty:<who did it there>}, in the on-call role, and its PagerDuty pages count as delivered. The incident
 * names our alert by its {@code incident_key} (the dedup key we triggered it with).
 *
 * <p>PagerDuty holds no token of ours: {@code @PermitAll}, and the request is trusted only on its signature
 * ({@link PagerDutySignature}); a missing one is 401, a wrong one 403, and nothing changes. Whatever is signed but not
 * ours to act on (another event type, an incident not triggered by us, an alert already acknowledged or resolved, a
 * replay) is answered 202 and changes nothing: PagerDuty retries any other answer and, after enough of them, turns the
 * subscription off, which would cut off the ones that matter.
 */
@Path("/delivery/pagerduty/webhook")
@Tag(name = "Alerts")
@PermitAll
public class PagerDutyWebhook {

    /** What a webhook did: acknowledged, resolved, unchanged, ignored. */
    public record Outcome(String outcome, String detail) {
    }

    private final Optional<byte[]> secret;
    private final ObjectMapper mapper;
    private final AlertActions actions;
    private final AlertRepository alerts;
    private final DeliveryReceipts receipts;
    private final EntityManager entityManager;

    public PagerDutyWebhook(@ConfigProperty(name = "alerting.pagerduty.webhook-secret") Optional<String> secret,
                            ObjectMapper mapper, AlertActions actions, AlertRepository alerts, DeliveryReceipts receipts,
                            EntityManager entityManager) {
        this.secret = secret.map(String::strip).filter(s -> !s.isEmpty()).map(s -> s.getBytes(StandardCharsets.UTF_8));
        if (this.secret.isPresent() && this.secret.get().length < 16) {
            throw new IllegalStateException("alerting.pagerduty.webhook-secret must be 16 characters or more");
        }
        this.mapper = mapper;
        this.actions = actions;
        this.alerts = alerts;
        this.receipts = receipts;
        this.entityManager = entityManager;
    }

    @POST
    @Blocking
    @Consumes(MediaType.WILDCARD)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "PagerDuty: an incident was acknowledged or resolved (signed v3 webhook)")
    @APIResponse(responseCode = "202", description = "Taken: acted on, or nothing to do (see outcome)")
    @APIResponse(responseCode = "401", description = "No X-PagerDuty-Signature")
    @APIResponse(responseCode = "403", description = "The signature does not match")
    @APIResponse(responseCode = "404", description = "No webhook secret is configured here")
    public Response received(@HeaderParam("X-PagerDuty-Signature") String signature, byte[] body) {
        byte[] key = secret.orElseThrow(() -> new ProblemException(Response.Status.NOT_FOUND,
                "The PagerDuty webhook is not set up here (alerting.pagerduty.webhook-secret)"));
        if (signature == null || signature.isBlank()) {
            throw new ProblemException(Response.Status.UNAUTHORIZED, "X-PagerDuty-Signature is missing");
        }
        byte[] raw = body == null ? new byte[0] : body;
        if (!PagerDutySignature.matches(key, signature, raw)) {
            throw new ProblemException(Response.Status.FORBIDDEN, "X-PagerDuty-Signature does not match the body");
        }
        JsonNode event;
        try {
            event = mapper.readTree(raw).path("event");
        } catch (IOException e) {
            throw new ProblemException(Response.Status.BAD_REQUEST, "The body is not JSON");
        }
        return Response.accepted(act(event)).type(MediaType.APPLICATION_JSON).build();
    }

    private Outcome act(JsonNode event) {
        String type = event.path("event_type").asText("");
        if (!type.equals("incident.acknowledged") && !type.equals("incident.resolved")) {
            return new Outcome("ignored", "event type " + type);
        }
        UUID alertId;
        try {
            alertId = UUID.fromString(event.path("data").path("incident_key").asText(""));
        } catch (IllegalArgumentException e) {
            return new Outcome("ignored", "not an incident of ours");
        }
        Optional<Alert> found = QuarkusTransaction.requiringNew().call(() -> alerts.findByIdOptional(alertId));
        if (found.isEmpty()) {
            return new Outcome("ignored", "no such alert");
        }
        String who = who(event.path("agent"));
        boolean acknowledged = type.equals("incident.acknowledged");
        AlertStatus status = found.get().status;
        if (acknowledged ? status != AlertStatus.OPEN : status == AlertStatus.RESOLVED) {
            return new Outcome("unchanged", "the alert is already " + status.name().toLowerCase());
        }
        try {
            ChangedMeanwhile.tryAgain(() -> acknowledged
                    ? actions.acknowledgeInPagerDuty(alertId, who, "acknowledged in PagerDuty by " + who)
                    : actions.resolveInPagerDuty(alertId, who, "resolved in PagerDuty by " + who));
        } catch (ProblemException e) {
            // Acknowledged or resolved meanwhile (another replica took the same event), or never paged there.
            Log.infof("PagerDuty %s of alert %s not applied: %s", type, alertId, e.problem().detail());
            return new Outcome("unchanged", e.problem().detail());
        }
        String how = (acknowledged ? "acknowledged" : "resolved") + " in PagerDuty by " + who;
        for (UUID page : pagesAwaitingReceipt(alertId)) {
            receipts.delivered(page, how);
        }
        return new Outcome(acknowledged ? "acknowledged" : "resolved", how);
    }

    @SuppressWarnings("unchecked")
    private List<UUID> pagesAwaitingReceipt(UUID alertId) {
        return QuarkusTransaction.requiringNew().call(() -> (List<UUID>) entityManager.createNativeQuery(
                        "SELECT id FROM notification WHERE alert_id = ?1 AND channel = ?2 AND status = 'SENT'")
                .setParameter(1, alertId).setParameter(2, PagerDutyChannel.NAME).getResultList());
    }

    /** Who acted in PagerDuty, as it names them (the agent's summary, else its id); at most 100 characters. */
    private static String who(JsonNode agent) {
        String name = agent.path("summary").asText("").strip();
        if (name.isEmpty()) {
            name = agent.path("id").asText("").strip();
        }
        name = name.replaceAll("\\p{Cntrl}", " ");
        if (name.isEmpty()) {
            return "someone";
        }
        return name.length() > 100 ? name.substring(0, 100) : name;
    }
}
