package care.ketamine.session.console;

import care.ketamine.contracts.security.Roles;
import care.ketamine.platform.audit.ReadAudit;
import care.ketamine.platform.problem.Problem;
import care.ketamine.platform.security.Caller;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The central station's data, for the console's station page. */
@Path("/console/api/station")
@Tag(name = "Console", description = "The clinician console (HTML) and its sign-in")
@SecurityRequirement(name = "jwt")
@RolesAllowed({Roles.CLINICIAN, Roles.ON_CALL, Roles.ADMIN})
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
public class StationResource {

    private final CentralStation station;
    private final StationStreams streams;
    private final ReadAudit audit;
    private final JsonWebToken token;

    public StationResource(CentralStation station, StationStreams streams, ReadAudit audit, JsonWebToken token) {
        this.station = station;
        this.streams = streams;
        this.audit = audit;
        this.token = token;
    }

    @GET
    @Blocking
    @Operation(operationId = "centralStation", summary = "Every live session I watch, most urgent first",
            description = "A clinician's own active sessions, on-call staff's sessions with alerts paged to them, an admin's "
                    + "every active session: patient, state, time since the dose and the floor's end, the newest blood "
                    + "pressure and SpO2 with their times, 30 minutes of trend a minute at a time, check-ins and unresolved "
                    + "alerts. Ordered by the worst unresolved alert (CRITICAL, WARNING, INFO), unacknowledged first, then "
                    + "the most recent dose. Audited as a read of personal data.")
    public CentralStation.Station station() {
        Caller caller = Caller.of(token);
        return QuarkusTransaction.requiringNew().call(() -> {
            audit.record(caller.subject(), caller.role(), "console.station.read", null);
            return station.of(caller.subject(), caller.role());
        });
    }

    @GET
    @Path("/stream")
    @Blocking
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(operationId = "centralStationStream", summary = "The central station live, as SSE",
            description = "Event `station`, the same document as GET /console/api/station: at once, then whenever a tile "
                    + "changed (a session on the station within about a second, one joining it within about two); `alive` every "
                    + "5 s while the station is read well. The stream ends when the sign-in token expires. "
                    + "Audited once, as a read of personal data, when it opens.")
    @APIResponse(responseCode = "200", description = "The stream",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(implementation = CentralStation.Station.class)))
    @APIResponse(responseCode = "429", description = "The person (live.streams.per-user) or this service (live.streams.total) "
            + "has as many streams open as allowed")
    public void stream(@Context SseEventSink sink, @Context Sse sse) {
        Caller caller = Caller.of(token);
        streams.follow(caller.subject(), caller.role(), sink, sse, token, () -> QuarkusTransaction.requiringNew()
                .run(() -> audit.record(caller.subject(), caller.role(), "console.station.stream", null)));
    }
}
