package care.ketamine.session.console;

import care.ketamine.contracts.alerts.AlertCommand;
import care.ketamine.contracts.security.Roles;
import care.ketamine.platform.problem.Problem;
import care.ketamine.platform.security.Caller;
import care.ketamine.session.pipeline.PipelineWatch;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Map;

import static care.ketamine.session.console.WebPush.Part.AUTH;
import static care.ketamine.session.console.WebPush.Part.ENDPOINT;
import static care.ketamine.session.console.WebPush.Part.P256DH;

/**
 * "Get pages on this device": the signed-in person lets this browser be paged by Web Push, or stops it. The console
 * subscribes the browser with alerting's key (its heartbeats carry it) and hands over the browser's subscription,
 * which goes to alerting as a command on alerts.commands, signed for this person and this browser's endpoint only.
 * alerting registers it as the token's person (never another person's browser) and sends the browser a test page:
 * that, not this answer, is how the console learns the device gets pages.
 */
@Path("/console/api/push")
@Tag(name = "Console", description = "The clinician console (HTML) and its sign-in")
@SecurityRequirement(name = "jwt")
@RolesAllowed({Roles.CLINICIAN, Roles.ON_CALL, Roles.ADMIN})
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
public class ConsolePush {

    @Schema(description = "Whether pages can be pushed to browsers here, and the key to subscribe with")
    public record PushSetup(boolean supported,
                            @Schema(description = "alerting's application server key (applicationServerKey), base64url; "
                                    + "null when not supported") String publicKey) {
    }

    @Schema(description = "The browser's PushSubscription.toJSON()")
    public record Subscription(@Schema(required = true, maxLength = WebPush.ENDPOINT_CHARACTERS)
                               @NotBlank @WebPush(ENDPOINT) String endpoint,
                               Long expirationTime,
                               @Schema(required = true) @NotNull(message = "is required: p256dh and auth") @Valid Keys keys) {
        public record Keys(@Schema(required = true) @NotNull @WebPush(P256DH) String p256dh,
                           @Schema(required = true) @NotNull @WebPush(AUTH) String auth) {
        }
    }

    @Schema(description = "The browser to stop paging: its subscription's endpoint")
    public record Unsubscription(@Schema(required = true, maxLength = WebPush.ENDPOINT_CHARACTERS)
                                 @NotBlank @WebPush(ENDPOINT) String endpoint) {
    }

    private final PipelineWatch watch;
    private final AlertCommands commands;
    private final JsonWebToken token;

    public ConsolePush(PipelineWatch watch, AlertCommands commands, JsonWebToken token) {
        this.watch = watch;
        this.commands = commands;
        this.token = token;
    }

    @GET
    @Blocking
    @Operation(summary = "Whether this console can have pages pushed to a browser, and alerting's key to subscribe with",
            description = "The key is the one alerting's latest heartbeat carried; none heard: not supported.")
    public PushSetup setup() {
        return watch.webPushKey().map(key -> new PushSetup(true, key)).orElse(new PushSetup(false, null));
    }

    @PUT
    @Path("/subscription")
    @Blocking
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Page this browser by Web Push: sent to alerting-service on alerts.commands",
            description = "The body is the browser's PushSubscription as JSON. 202: on its way; the browser gets a test "
                    + "page when alerting has registered it (not if it is registered to someone else).")
    @APIResponse(responseCode = "202", description = "Sent")
    @APIResponse(responseCode = "400", description = "Not a push subscription (an https endpoint and the browser's keys)")
    public Response subscribe(@Valid @NotNull(message = "is the browser's PushSubscription: endpoint and keys")
                              Subscription request) {
        send(AlertCommand.PUSH_SUBSCRIBE, new AlertCommand.PushSubscription(request.endpoint().strip(),
                request.keys().p256dh().strip(), request.keys().auth().strip()));
        return Response.accepted(Map.of("action", AlertCommand.PUSH_SUBSCRIBE)).type(MediaType.APPLICATION_JSON).build();
    }

    @DELETE
    @Path("/subscription")
    @Blocking
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Stop paging this browser by Web Push: sent to alerting-service on alerts.commands",
            description = "alerting removes the subscription only if it is the signed-in person's.")
    @APIResponse(responseCode = "202", description = "Sent")
    @APIResponse(responseCode = "400", description = "No https endpoint")
    public Response unsubscribe(@Valid @NotNull(message = "is the subscription's endpoint") Unsubscription request) {
        send(AlertCommand.PUSH_UNSUBSCRIBE, new AlertCommand.PushSubscription(request.endpoint().strip(), null, null));
        return Response.accepted(Map.of("action", AlertCommand.PUSH_UNSUBSCRIBE)).type(MediaType.APPLICATION_JSON).build();
    }

    private void send(String action, AlertCommand.PushSubscription browser) {
        QuarkusTransaction.requiringNew().run(() ->
                commands.sendPush(action, browser, token.getSubject(), Caller.of(token).role()));
    }
}
