package care.ketamine.vitals.live;

import care.ketamine.contracts.security.Roles;
import care.ketamine.platform.live.ResumableStreams;
import care.ketamine.platform.live.StreamLimits;
import care.ketamine.vitals.session.SessionAccess;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;


@Path("/sessions/{sessionId}/observations/stream")
@Tag(name = "Live", description = "A session's observations as they are stored")
@SecurityRequirement(name = "jwt")
public class StreamResource {

    private final LiveObservations live;
    private final SessionAccess access;
    private final JsonWebToken token;
    private final StreamLimits limits;

    public StreamResource(LiveObservations live, SessionAccess access, JsonWebToken token, StreamLimits limits) {
        this.live = live;
        this.access = access;
        this.token = token;
        this.limits = limits;
    }

    @GET
    @Blocking
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RolesAllowed({Roles.CLINICIAN, Roles.ADMIN})
    @Operation(summary = "A session's readings, check-ins and prompts, live, as Server-Sent Events",
            description = "The session's clinician, and admins; opening a stream is audited. Events are named reading, "
                    + "patient-check-in, sitter-check-in and prompt; the data is the event's JSON and the id its position "
                    + "in the session's feed. A new subscriber first gets the latest event of each kind, then everything "
                    + "that follows. Reconnecting with Last-Event-ID resumes right after that event, with no gap and no "
                    + "repeat, replaying at most the latest live.streams.max-replay events (2000; an older Last-Event-ID is "
                    + "clamped, not refused: the history endpoint has the rest). A keep-alive comment goes out every 15 s. "
                    + "The stream ends when the token expires (reconnect with a fresh one), and a reader that falls "
                    + "live.streams.max-unsent events behind is cut off.")
    @APIResponse(responseCode = "200", description = "The stream (text/event-stream)")
    @APIResponse(responseCode = "400", description = "Last-Event-ID is not an id of this stream")
    @APIResponse(responseCode = "403", description = "Not this session's clinician")
    @APIResponse(responseCode = "404", description = "No such session")
    @APIResponse(responseCode = "429", description = "The caller (live.streams.per-user) or this service (live.streams.total) "
            + "has as many streams open as allowed")
    public void stream(@PathParam("sessionId") String sessionId,
                       @Parameter(description = "The id of the last event received, to resume after it")
                       @HeaderParam("Last-Event-ID") String lastEventId,
                       @Context SseEventSink sink, @Context Sse sse) {
        Long resumeAfter = ResumableStreams.lastEventId(lastEventId);
        QuarkusTransaction.requiringNew().run(() -> access.open(token, sessionId, "observations.stream"));
        live.follow(sessionId, resumeAfter, sink, sse, limits.admit(token));
    }
}
