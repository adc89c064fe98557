package care.ketamine.vitals.benchmark;

import care.ketamine.contracts.security.Roles;
import care.ketamine.platform.problem.Problem;
import care.ketamine.platform.problem.ProblemException;
import care.ketamine.vitals.domain.ReadingPlausibility;
import care.ketamine.vitals.domain.RuleBreach;
import care.ketamine.vitals.ingest.IngestSettings;
import care.ketamine.vitals.ingest.SessionBinding;
import care.ketamine.vitals.reading.ReadingRequest;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Clock;
import java.util.List;

/**
 * The benchmark's baseline: the same authentication, JSON and plausibility checks as
 * {@code POST /sessions/{id}/readings}, but neither the database nor the broker. Off (404) unless
 * {@code vitals.benchmark.bare-endpoint=true}; the benchmark turns it on for its own stack only.
 */
@Path("/benchmark/sessions/{sessionId}/readings")
@Tag(name = "Benchmark", description = "A baseline for the ingest benchmark; off unless configured")
@SecurityRequirement(name = "jwt")
public class BareIngestResource {

    private final boolean enabled;
    private final ReadingPlausibility plausibility;
    private final JsonWebToken caller;

    public BareIngestResource(@ConfigProperty(name = "vitals.benchmark.bare-endpoint", defaultValue = "false") boolean enabled,
                              IngestSettings settings, Clock clock, JsonWebToken caller) {
        this.enabled = enabled;
        this.plausibility = new ReadingPlausibility(clock, settings.maxFutureSkew());
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @RolesAllowed(Roles.PATIENT_DEVICE)
    @Operation(summary = "Parse and check a reading, and store nothing (benchmark baseline; off by default)")
    @APIResponse(responseCode = "202", description = "The reading would be acceptable")
    @APIResponse(responseCode = "404", description = "The baseline is off")
    public Uni<Response> check(@PathParam("sessionId") String sessionId, ReadingRequest reading) {
        if (!enabled) {
            throw ProblemException.notFound("The benchmark baseline");
        }
        SessionBinding.require(caller, sessionId);
        List<RuleBreach> breaches = reading == null ? List.of(new RuleBreach("body", "is required"))
                : plausibility.check(reading.toReading());
        if (!breaches.isEmpty()) {
            throw ProblemException.invalid("Breaks a rule",
                    breaches.stream().map(b -> new Problem.Violation(b.field(), b.rule())).toList());
        }
        return Uni.createFrom().item(Response.accepted().build());
    }
}
