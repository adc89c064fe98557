package care.ketamine.platform.problem;

import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Map;

/**
 * Thrown by a use case to answer with a problem+json; headers such as Retry-After ride along.
 */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;
    private final Map<String, String> headers;

    public ProblemException(Problem problem, Map<String, String> headers) {
        super(problem.detail());
        this.problem = problem;
        this.headers = Map.copyOf(headers);
    }

    public ProblemException(Response.Status status, String detail) {
        this(Problem.of(status, detail), Map.of());
    }

    public ProblemException(Problem problem) {
        this(problem, Map.of());
    }

    /** An id from a path: a UUID, or a 404 for the thing it names (an id that is not a UUID names nothing). */
    public static java.util.UUID uuidOrNotFound(String what, String id) {
        try {
            return java.util.UUID.fromString(id);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw notFound(what + " " + id);
        }
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(Response.Status.NOT_FOUND, what + " was not found");
    }

    /** 400 with every broken rule listed, not just the first. */
    public static ProblemException invalid(String detail, List<Problem.Violation> violations) {
        return new ProblemException(Problem.of(Response.Status.BAD_REQUEST, detail).withViolations(violations), Map.of());
    }

    public Problem problem() {
        return problem;
    }

    public Response toResponse() {
        Response.ResponseBuilder response = Response.fromResponse(problem.toResponse());
        headers.forEach(response::header);
        return response.build();
    }
}
