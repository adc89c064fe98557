package care.ketamine.alerting.notification;

import care.ketamine.alerting.notificationlog.Notification;
import care.ketamine.contracts.security.Roles;
import care.ketamine.platform.security.Caller;
import care.ketamine.platform.audit.PushAudit;
import care.ketamine.platform.json.StoredJson;
import care.ketamine.platform.live.OpenStream;
import care.ketamine.platform.live.StreamLimits;
import care.ketamine.platform.notify.PostgresNotifications;
import com.fasterxml.jackson.core.type.TypeReference;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The live screens' notification channel: each person's pages, updates and escalations as they are sent. The
 * NOTIFY carries the notification's id; every replica reads the notification and pushes it to the recipient's
 * streams (admins: to all of theirs), within the platform's stream limits. Every push is audited.
 */
@Path("/notifications/stream")
@Tag(name = "Alerts")
@SecurityRequirement(name = "jwt")
@ApplicationScoped
public class NotificationStream {

    /** A notification as pushed: to whom, of which alert and session, and what the screen shows. */
    private record Pushed(String recipient, UUID alertId, String sessionId, Map<String, Object> payload) {
    }

    private final BroadcastProcessor<Pushed> live = BroadcastProcessor.create();
    private final PostgresNotifications notifications;
    private final StoredJson json;
    private final StreamLimits limits;
    private final PushAudit audit;
    private final JsonWebToken token;

    public NotificationStream(PostgresNotifications notifications, StoredJson json, StreamLimits limits, PushAudit audit,
                              JsonWebToken token) {
        this.token = token;
        this.notifications = notifications;
        this.json = json;
        this.limits = limits;
        this.audit = audit;
    }

    void start(@Observes StartupEvent started) {
        notifications.listen(LiveChannel.CHANNEL, new PostgresNotifications.Listener(this::sent, () -> { }));
    }

    private void sent(String notificationId) {
        Pushed pushed = QuarkusTransaction.requiringNew().call(() -> {
            Notification n = Notification.findById(UUID.fromString(notificationId));
            if (n == null) {
                return null;
            }
            Map<String, Object> payload = new LinkedHashMap<>(json.read(n.payload, new TypeReference<Map<String, Object>>() {
            }));
            // The screen answers with it (POST /notifications/{id}/received): that answer is the delivery receipt.
            payload.put("notificationId", n.id);
            return new Pushed(n.recipient, n.alertId, n.sessionId, payload);
        });
        if (pushed != null) {
            live.onNext(pushed);
        }
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ON_CALL, Roles.CLINICIAN, Roles.ADMIN})
    @Operation(summary = "My notifications, live, as Server-Sent Events",
            description = "Every page, update and escalation addressed to the caller (admins: to anyone) as it is sent. "
                    + "The caller's screen answers each of its own with POST /notifications/{notificationId}/received: "
                    + "until it does (or the alert is acknowledged) the page is not delivered and falls through to the next channel. "
                    + "Each push is audited. The stream ends when the token expires (reconnect with a fresh one); a reader "
                    + "that falls behind by live.streams.max-unsent notifications is cut off.")
    @APIResponse(responseCode = "200", description = "A stream of notification payloads")
    @APIResponse(responseCode = "429", description = "The caller (live.streams.per-user) or this service (live.streams.total) "
            + "has as many streams open as allowed")
    public Multi<Map<String, Object>> stream() { // the token injected: as a parameter it was read as the body (415)
        Caller caller = Caller.of(token);
        boolean admin = caller.has(Roles.ADMIN);
        String me = caller.subject();
        String role = caller.role();
        OpenStream stream = limits.admit(token);
        return limits.bounded(stream, live.filter(n -> admin || me.equals(n.recipient())))
                .onItem().invoke(n -> audit.pushed(me, role, "notifications.stream.pushed:" + n.alertId(), n.sessionId()))
                .map(Pushed::payload);
    }
}
