package care.ketamine.vitals.projection;

import care.ketamine.contracts.security.Roles;
import care.ketamine.platform.problem.Problem;
import care.ketamine.platform.problem.ProblemException;
import care.ketamine.vitals.export.FhirBundle;
import care.ketamine.vitals.session.SessionAccess;
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
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

@Path("/sessions/{sessionId}/observations")
@Tag(name = "History", description = "A session's stored readings and check-ins, as JSON or FHIR R4")
@SecurityRequirement(name = "jwt")
public class HistoryResource {

    static final int MAX_ROWS = 5000;

    private final ReadingHistory history;
    private final SessionAccess access;
    private final JsonWebToken token;
    private final Clock clock;
    private final FhirBundle fhir = new FhirBundle();

    public HistoryResource(ReadingHistory history, SessionAccess access, JsonWebToken token, Clock clock) {
        this.history = history;
        this.access = access;
        this.token = token;
        this.clock = clock;
    }

    @GET
    @RolesAllowed({Roles.CLINICIAN, Roles.ADMIN})
    @Produces({MediaType.APPLICATION_JSON, FhirBundle.MEDIA_TYPE, Problem.MEDIA_TYPE})
    @Operation(summary = "A session's readings and check-ins, oldest first (at most 5000 of each)",
            description = "The session's clinician, and admins; every read is audited. from and to are optional instants "
                    + "(UTC), to exclusive. _format=fhir answers a FHIR R4 Bundle (application/fhir+json): BP panels, heart "
                    + "rate and SpO2 Observations, and check-ins as QuestionnaireResponses.")
    @APIResponse(responseCode = "200", description = "The observations",
            content = {@Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SessionObservations.class)),
                    @Content(mediaType = FhirBundle.MEDIA_TYPE, schema = @Schema(description = "A FHIR R4 Bundle of type collection"))})
    @APIResponse(responseCode = "400", description = "from or to is not an instant, from is after to, or _format is unknown")
    @APIResponse(responseCode = "403", description = "Not this session's clinician")
    @APIResponse(responseCode = "404", description = "No such session")
    public Response history(@PathParam("sessionId") String sessionId,
                            @Parameter(description = "From, inclusive, e.g. 2026-11-26T15:00:00Z") @QueryParam("from") String from,
                            @Parameter(description = "To, exclusive") @QueryParam("to") String to,
                            @Parameter(description = "json (default) or fhir") @QueryParam("_format") String format) {
        List<Problem.Violation> violations = new ArrayList<>();
        Instant start = instant(violations, "from", from, Instant.EPOCH);
        Instant end = instant(violations, "to", to, Instant.parse("9999-12-31T00:00:00Z"));
        if (violations.isEmpty() && !start.isBefore(end)) {
            violations.add(new Problem.Violation("from", "must be before to"));
        }
        boolean asFhir = "fhir".equals(format) || FhirBundle.MEDIA_TYPE.equals(format);
        if (format != null && !asFhir && !"json".equals(format)) {
            violations.add(new Problem.Violation("_format", "must be json or fhir"));
        }
        if (!violations.isEmpty()) {
            throw ProblemException.invalid("The request is not valid", violations);
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            SessionActivity session = access.open(token, sessionId, asFhir ? "observations.export-fhir" : "observations.read");
            List<HistoricReading> readings = history.between(sessionId, start, end, MAX_ROWS);
            List<HistoricCheckIn> checkIns = history.checkInsBetween(sessionId, start, end, MAX_ROWS);
            if (asFhir) {
                return Response.ok(fhir.of(sessionId, session.patientId, clock.instant(), readings, checkIns).toString(),
                        FhirBundle.MEDIA_TYPE).build();
            }
            return Response.ok(new SessionObservations(sessionId, from == null ? null : start, to == null ? null : end,
                    readings, checkIns), MediaType.APPLICATION_JSON).build();
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
