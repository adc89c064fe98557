package care.ketamine.alerting.notification;

import care.ketamine.contracts.security.Roles;
import care.ketamine.platform.json.StoredJson;
import care.ketamine.platform.notify.PostgresNotifications;
import com.fasterxml.jackson.core.type.TypeReference;
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

import java.util.Map;

/** The live screens' notification channel: each person's pages, updates and escalations as they are sent. */
@Path("/notifications/stream")
@Tag(name = "Alerts")
@SecurityRequirement(name = "jwt")
@ApplicationScoped
public class NotificationStream {

    private final BroadcastProcessor<Map<String, Object>> live = BroadcastProcessor.create();
    private final PostgresNotifications notifications;
    private final StoredJson json;

    public NotificationStream(PostgresNotifications notifications, StoredJson json) {
        this.notifications = notifications;
        this.json = json;
    }

    void start(@Observes StartupEvent started) {
        notifications.listen(LiveChannel.CHANNEL, new PostgresNotifications.Listener(
                payload -> live.onNext(json.read(payload, new TypeReference<Map<String, Object>>() {
                })), () -> { }));
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ON_CALL, Roles.CLINICIAN, Roles.ADMIN})
    @Operation(summary = "My notifications, live, as Server-Sent Events",
            description = "Every page, update and escalation addressed to the caller (admins: to anyone) as it is sent.")
    @APIResponse(responseCode = "200", description = "A stream of notification payloads")
    @APIResponse(responseCode = "401", description = "No valid token")
    @APIResponse(responseCode = "403", description = "Not on-call staff, a clinician or an admin")
    public Multi<Map<String, Object>> stream(JsonWebToken token) {
        boolean admin = token.getGroups().contains(Roles.ADMIN);
        String me = token.getSubject();
        return live.filter(n -> admin || me.equals(n.get("recipient")));
    }
}
