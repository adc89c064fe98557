package care.ketamine.vitals.projection;

import care.ketamine.contracts.security.Roles;
import care.ketamine.platform.problem.Problem;
import care.ketamine.platform.problem.ProblemException;
import care.ketamine.platform.security.Caller;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import care.ketamine.vitals.session.SessionActivity;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

@Path("/sessions/{sessionId}/observations")
@Tag(name = "History", description = "A session's stored readings")
@SecurityRequirement(name = "jwt")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
public class HistoryResource {

    static final int MAX_READINGS = 5000;

    private final ReadingHistory history;
    private final JsonWebToken token;
    private final EntityManager entityManager;
    private final Clock clock;

    public HistoryResource(ReadingHistory history, JsonWebToken token, EntityManager entityManager, Clock clock) {
        this.history = history;
        this.token = token;
        this.entityManager = entityManager;
        this.clock = clock;
    }

    @GET
    @RolesAllowed({Roles.CLINICIAN, Roles.ADMIN})
    @Operation(summary = "A session's readings, oldest first (at most 5000)",
            description = "The session's clinician, and admins. from and to are optional instants (UTC), to exclusive.")
    @APIResponse(responseCode = "200", description = "The readings",
            content = @Content(schema = @Schema(implementation = HistoricReading.class, type = SchemaType.ARRAY)))
    @APIResponse(responseCode = "400", description = "from or to is not an instant, or from is after to",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Not this session's clinician",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such session",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<HistoricReading> history(@PathParam("sessionId") String sessionId,
                                         @Parameter(description = "From, inclusive, e.g. 2026-11-26T15:00:00Z") @QueryParam("from") String from,
                                         @Parameter(description = "To, exclusive") @QueryParam("to") String to) {
        List<Problem.Violation> violations = new ArrayList<>();
        Instant start = instant(violations, "from", from, Instant.EPOCH);
        Instant end = instant(violations, "to", to, Instant.parse("9999-12-31T00:00:00Z"));
        if (violations.isEmpty() && !start.isBefore(end)) {
            violations.add(new Problem.Violation("from", "must be before to"));
        }
        if (!violations.isEmpty()) {
            throw ProblemException.invalid("The window is not valid", violations);
        }
        Caller caller = Caller.of(token);
        return QuarkusTransaction.requiringNew().call(() -> {
            SessionActivity session = SessionActivity.findById(sessionId);
            if (session == null) {
                throw ProblemException.notFound("Session " + sessionId);
            }
            if (!token.getGroups().contains(Roles.ADMIN) && !token.getSubject().equals(session.clinicianId)) {
                throw new ProblemException(Response.Status.FORBIDDEN, "Only the session's clinician (or an admin) may read it");
            }
            // Reads of patient data are audited, in the reading transaction.
            entityManager.createNativeQuery("INSERT INTO read_audit (actor, actor_role, action, session_id, at) "
                            + "VALUES (?1, ?2, 'observations.read', ?3, ?4)")
                    .setParameter(1, caller.subject()).setParameter(2, caller.role()).setParameter(3, sessionId)
                    .setParameter(4, clock.instant()).executeUpdate();
            return history.between(sessionId, start, end, MAX_READINGS);
        });
    }

    private static Instant instant(List<Problem.Violation> violations, String field, String value, Instant fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            violations.add(new Problem.Violation(field, "must be an instant, e.g. 2026-11-26T15:00:00Z"));
            return fallback;
        }
    }
}
