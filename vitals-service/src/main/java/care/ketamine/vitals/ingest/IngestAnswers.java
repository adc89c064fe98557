package care.ketamine.vitals.ingest;

import care.ketamine.platform.problem.Problem;
import care.ketamine.platform.problem.ProblemException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Map;

/** How an outcome is told to a device over HTTP. */
@jakarta.enterprise.context.ApplicationScoped
public class IngestAnswers {

    private final IngestSettings settings;

    public IngestAnswers(IngestSettings settings) {
        this.settings = settings;
    }

    /**
     * One submission: 202 with {@code accepted} when the broker has it, 200 with the same body for a replay,
     * else the problem (400 rejected, 409 conflict, 503 with Retry-After).
     */
    public Response single(SubmissionOutcome outcome, Object accepted) {
        return switch (outcome.status()) {
            case ACCEPTED -> Response.accepted(accepted).type(MediaType.APPLICATION_JSON).build();
            case REPLAYED -> Response.ok(accepted).type(MediaType.APPLICATION_JSON).build();
            case REJECTED -> throw ProblemException.invalid(outcome.detail(), outcome.violations());
            case CONFLICT -> throw new ProblemException(Response.Status.CONFLICT, outcome.detail());
            case UNAVAILABLE -> throw unavailable(outcome.detail(), null);
        };
    }

    /** A batch: 200 with every item's outcome, or 503 with them when any item must be sent again. */
    public Response batch(List<SubmissionOutcome> outcomes, Object results) {
        if (outcomes.stream().allMatch(SubmissionOutcome::settled)) {
            return Response.ok(results).type(MediaType.APPLICATION_JSON).build();
        }
        throw unavailable("Some items could not be stored safely right now; send the batch again with the same ids "
                + "(items already accepted are answered as REPLAYED)", results);
    }

    private ProblemException unavailable(String detail, Object results) {
        Problem problem = Problem.of(Response.Status.SERVICE_UNAVAILABLE, detail);
        return new ProblemException(results == null ? problem : problem.with("results", results),
                Map.of("Retry-After", String.valueOf(settings.retryAfterSeconds())));
    }
}
