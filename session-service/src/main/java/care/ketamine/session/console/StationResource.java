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
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
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
    private final ReadAudit audit;
    private final JsonWebToken token;

    public StationResource(CentralStation station, ReadAudit audit, JsonWebToken token) {
        this.station = station;
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
}
