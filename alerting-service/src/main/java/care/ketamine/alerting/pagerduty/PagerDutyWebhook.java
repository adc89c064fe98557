package care.ketamine.alerting.pagerduty;

import care.ketamine.alerting.alert.Alert;
import care.ketamine.alerting.alert.AlertActions;
import care.ketamine.alerting.alert.AlertRepository;
import care.ketamine.alerting.alert.AlertStatus;
import care.ketamine.alerting.alert.ChangedMeanwhile;
import care.ketamine.alerting.audit.ActionAudit;
import care.ketamine.alerting.notification.DeliveryReceipts;
import care.ketamine.contracts.security.Roles;
import care.ketamine.platform.problem.Problem;
import care.ketamine.platform.problem.ProblemException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.PermitAll;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
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
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * PagerDuty tells us an incident we triggered was acknowledged or resolved there (a v3 webhook subscription on the
 * clinic's service). The incident names our alert and its escalation round by its {@code incident_key}, the dedup key
 * we triggered it with ({@link PagerDutyIncident}).
 *
 * <p>An acknowledgement acknowledges the alert through the same use case and rules as a person's
 * ({@link AlertActions#acknowledgeFromPagerDuty}), as {@code pagerduty:<who did it there>} on call, and its PagerDuty
 * pages of that round count as delivered. A resolution there resolves the alert here only where the clinic says so
 * ({@code alerting.pagerduty.accept-resolve=true}), with a comment saying it was resolved in PagerDuty and by whom;
 * otherwise it is audited and changes nothing: a person resolves a clinical alert in the console, saying why.
 *
 * <p>Each event is taken once, by its id ({@code event.id}): a replay changes nothing. An event about an incident of
 * a round that is over (the alert reopened, or got worse since it was acknowledged), or that happened before the
 * alert's current round began, changes nothing either: a late or replayed event cannot close a live alert.
 *
 * <p>PagerDuty holds no token of ours: {@code @PermitAll}, and the request is trusted only on its signature
 * ({@link PagerDutySignature}); a missing one is 401, a wrong one 403, a body that is not JSON 400, one over the
 * service's body limit 413, all problem+json, and nothing changes. Whatever is signed but not ours to act on is
 * answered 200 and changes nothing (its outcome says why, and it is logged): PagerDuty retries any other answer and,
 * after enough of them, turns the subscription off, which would cut off the ones that matter.
 */
@Path("/delivery/pagerduty/webhook")
@Tag(name = "Alerts")
@PermitAll
@SecurityScheme(securitySchemeName = PagerDutyWebhook.SIGNATURE, type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.HEADER,
        apiKeyName = "X-PagerDuty-Signature", description = "PagerDuty's v3 webhook signature: v1= HMAC-SHA256 of the body "
        + "with the subscription's secret (alerting.pagerduty.webhook-secret)")
@SecurityRequirement(name = PagerDutyWebhook.SIGNATURE)
public class PagerDutyWebhook {

    static final String SIGNATURE = "pagerduty-signature";

    /** What a webhook did: acknowledged, resolved, unchanged, ignored, refused, replayed. */
    public record Outcome(String outcome, String detail) {
    }

    private static final int LONGEST_EVENT_ID = 200;

    private final Optional<byte[]> secret;
    private final boolean acceptResolve;
    private final ObjectMapper mapper;
    private final AlertActions actions;
    private final AlertRepository alerts;
    private final DeliveryReceipts receipts;
    private final ActionAudit audit;
    private final EntityManager entityManager;
    private final Clock clock;

    public PagerDutyWebhook(@ConfigProperty(name = "alerting.pagerduty.webhook-secret") Optional<String> secret,
                            @ConfigProperty(name = "alerting.pagerduty.accept-resolve", defaultValue = "false") boolean acceptResolve,
                            ObjectMapper mapper, AlertActions actions, AlertRepository alerts, DeliveryReceipts receipts,
                            ActionAudit audit, EntityManager entityManager, Clock clock) {
        this.secret = secret.map(String::strip).filter(s -> !s.isEmpty()).map(s -> s.getBytes(StandardCharsets.UTF_8));
        if (this.secret.isPresent() && this.secret.get().length < 16) {
            throw new IllegalStateException("alerting.pagerduty.webhook-secret must be 16 characters or more");
        }
        this.acceptResolve = acceptResolve;
        this.mapper = mapper;
        this.actions = actions;
        this.alerts = alerts;
        this.receipts = receipts;
        this.audit = audit;
        this.entityManager = entityManager;
        this.clock = clock;
    }

    @POST
    @Blocking
    @Consumes(MediaType.WILDCARD)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "PagerDuty: an incident was acknowledged or resolved (signed v3 webhook)")
    @APIResponse(responseCode = "200", description = "Taken: acted on, or nothing to do (see outcome)")
    @APIResponse(responseCode = "400", description = "The body is not a JSON object")
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
            event = mapper.readTree(raw);
        } catch (IOException e) {
            throw new ProblemException(Response.Status.BAD_REQUEST, "The body is not JSON");
        }
        if (event == null || !event.isObject()) {
            throw new ProblemException(Response.Status.BAD_REQUEST, "The body is not a JSON object");
        }
        event = event.path("event");
        return Response.ok(take(event)).type(MediaType.APPLICATION_JSON).build();
    }

    /** One v3 event as far as we read it. */
    private record Event(String id, String type, String incidentKey, Instant occurredAt, String who) {
    }

    /** Takes a signed event once: a replay of its id changes nothing. */
    private Outcome take(JsonNode json) {
        Event event = new Event(json.path("id").asText("").strip(), json.path("event_type").asText(""),
                json.path("data").path("incident_key").asText(""), instant(json.path("occurred_at").asText("")),
                who(json.path("agent")));
        if (event.id().isEmpty() || event.id().length() > LONGEST_EVENT_ID) {
            return logged(event, new Outcome("ignored", "no event id"));
        }
        boolean acting = event.type().equals("incident.acknowledged") || event.type().equals("incident.resolved");
        Optional<PagerDutyIncident> incident = PagerDutyIncident.of(event.incidentKey());
        if (!acting || incident.isEmpty() || event.occurredAt() == null) {
            Outcome outcome = !acting ? new Outcome("ignored", "event type " + event.type())
                    : incident.isEmpty() ? new Outcome("ignored", "not an incident of ours")
                    : new Outcome("ignored", "no time of occurrence");
            return recorded(event, outcome);
        }
        try {
            return ChangedMeanwhile.tryAgain(() -> QuarkusTransaction.requiringNew().call(() -> act(event, incident.get())));
        } catch (ProblemException e) {
            // Refused by the alert's rules (not notified through PagerDuty, another round by now, already done): the
            // transaction that tried is rolled back, so the event is recorded on its own.
            return recorded(event, new Outcome("unchanged", e.problem().detail()));
        }
    }

    /** In one transaction: the event's id recorded, then the alert acted on; a refusal rolls back both. */
    private Outcome act(Event event, PagerDutyIncident incident) {
        if (!firstTime(event)) {
            return logged(event, new Outcome("replayed", "event " + event.id() + " was taken before"));
        }
        Optional<Alert> found = alerts.findByIdOptional(incident.alertId());
        if (found.isEmpty()) {
            return settled(event, new Outcome("ignored", "no such alert"));
        }
        Alert alert = found.get();
        if (incident.round() != alert.escalationRound) {
            return settled(event, new Outcome("ignored", "the incident is of round " + incident.round()
                    + " of the alert, which is in round " + alert.escalationRound + " now"));
        }
        Instant roundBegan = roundBegan(incident);
        if (roundBegan == null || event.occurredAt().isBefore(roundBegan)) {
            return settled(event, new Outcome("ignored", "the event happened before the alert's round "
                    + incident.round() + " was paged"));
        }
        boolean acknowledged = event.type().equals("incident.acknowledged");
        if (acknowledged ? alert.status != AlertStatus.OPEN : alert.status == AlertStatus.RESOLVED) {
            return settled(event, new Outcome("unchanged", "the alert is already " + alert.status.name().toLowerCase()));
        }
        String how = (acknowledged ? "acknowledged" : "resolved") + " in PagerDuty by " + event.who();
        if (acknowledged) {
            actions.acknowledgeFromPagerDuty(alert.id, incident.round(), event.who(), how);
        } else if (acceptResolve) {
            actions.resolveFromPagerDuty(alert.id, incident.round(), event.who(), how);
        } else {
            // Not the clinic's way: resolving a clinical alert is a person's decision, in the console, saying why.
            audit.denied(AlertActions.PAGERDUTY + event.who(), Roles.ON_CALL, "alert.resolve", alert.id.toString());
            return settled(event, new Outcome("refused", "resolving in PagerDuty is not accepted here "
                    + "(alerting.pagerduty.accept-resolve); the alert stays " + alert.status.name().toLowerCase()));
        }
        for (UUID page : pagesAwaitingReceipt(incident)) {
            receipts.delivered(page, how);
        }
        return settled(event, new Outcome(acknowledged ? "acknowledged" : "resolved", how));
    }

    /** Records the event's id; false when it was taken before (another replica's row waits for that one's commit). */
    private boolean firstTime(Event event) {
        return entityManager.createNativeQuery("""
                        INSERT INTO pagerduty_webhook_event (event_id, event_type, incident_key, occurred_at, received_at, outcome)
                        VALUES (?1, ?2, NULLIF(?3, ''), ?4, ?5, 'taken') ON CONFLICT (event_id) DO NOTHING""")
                .setParameter(1, event.id()).setParameter(2, event.type()).setParameter(3, event.incidentKey())
                .setParameter(4, event.occurredAt()).setParameter(5, clock.instant()).executeUpdate() == 1;
    }

    /** The outcome of an event recorded in this transaction. */
    private Outcome settled(Event event, Outcome outcome) {
        entityManager.createNativeQuery("UPDATE pagerduty_webhook_event SET outcome = ?2, detail = ?3 WHERE event_id = ?1")
                .setParameter(1, event.id()).setParameter(2, outcome.outcome()).setParameter(3, outcome.detail()).executeUpdate();
        return logged(event, outcome);
    }

    /** An event that was not acted on, recorded in a transaction of its own (unless it was taken before). */
    private Outcome recorded(Event event, Outcome outcome) {
        return QuarkusTransaction.requiringNew().call(() -> firstTime(event) ? settled(event, outcome)
                : logged(event, new Outcome("replayed", "event " + event.id() + " was taken before")));
    }

    private static Outcome logged(Event event, Outcome outcome) {
        Log.infof("PagerDuty %s %s of incident %s: %s (%s)", event.type(), event.id(), event.incidentKey(), outcome.outcome(),
                outcome.detail());
        return outcome;
    }

    /** When the round's first page was queued: PagerDuty's incident of that round cannot have changed before. */
    private Instant roundBegan(PagerDutyIncident incident) {
        Object first = entityManager.createNativeQuery("SELECT min(created_at) FROM notification WHERE alert_id = ?1 AND round = ?2")
                .setParameter(1, incident.alertId()).setParameter(2, incident.round()).getSingleResult();
        return first == null ? null : first instanceof Instant instant ? instant
                : first instanceof OffsetDateTime odt ? odt.toInstant() : ((java.sql.Timestamp) first).toInstant();
    }

    @SuppressWarnings("unchecked")
    private List<UUID> pagesAwaitingReceipt(PagerDutyIncident incident) {
        return entityManager.createNativeQuery(
                        "SELECT id FROM notification WHERE alert_id = ?1 AND round = ?2 AND channel = ?3 AND status = 'SENT'")
                .setParameter(1, incident.alertId()).setParameter(2, incident.round()).setParameter(3, PagerDutyChannel.NAME)
                .getResultList();
    }

    private static Instant instant(String text) {
        try {
            return text.isBlank() ? null : OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
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
