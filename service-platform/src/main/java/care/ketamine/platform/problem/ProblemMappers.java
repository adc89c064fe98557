package care.ketamine.platform.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import care.ketamine.platform.audit.RefusalAudit;
import io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ValidationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** Every error a service answers is problem+json (architecture brief, Security). */
public class ProblemMappers {

    // A plain logger (not io.quarkus.logging.Log) so that the mappers also run in plain unit tests.
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    private final RefusalAudit refusals;

    public ProblemMappers(RefusalAudit refusals) {
        this.refusals = refusals;
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e, jakarta.ws.rs.core.UriInfo uri, jakarta.ws.rs.core.Request request) {
        if (e.problem().status() == Response.Status.FORBIDDEN.getStatusCode()) {
            refusals.forbidden(request.getMethod(), uri.getPath());
        }
        return e.toResponse();
    }

    /** A value of the wrong type (replaces Quarkus's own mapper, which answers plain JSON). */
    @ServerExceptionMapper(priority = 1)
    public Response mismatchedJson(MismatchedInputException e) {
        return unreadableJson(e);
    }

    /** Malformed JSON or a value of the wrong type: say where, never echo the body. */
    @ServerExceptionMapper(priority = 1)
    public Response unreadableJson(JsonProcessingException e) {
        if (e instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            String field = mismatch.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining()).replaceFirst("^\\.", "");
            return ProblemException.invalid("The request body does not match the API",
                    List.of(new Problem.Violation(field, rule(mismatch)))).toResponse();
        }
        return Problem.of(Response.Status.BAD_REQUEST, "The request body is not valid JSON").toResponse();
    }

    private static String rule(MismatchedInputException mismatch) {
        if (mismatch instanceof UnrecognizedPropertyException) {
            return "is not a field of this request";
        }
        Class<?> target = mismatch.getTargetType();
        if (target != null && target.isEnum()) {
            return "must be one of " + Arrays.stream(target.getEnumConstants()).map(String::valueOf)
                    .collect(Collectors.joining(", "));
        }
        return mismatch instanceof InvalidFormatException ? "must be a " + target.getSimpleName() : "has the wrong type";
    }

    /**
     * Bean Validation of a request (replaces Quarkus's own mapper, which answers a report of its own): 400
     * with every field named as the client sent it. A broken constraint on what a method returned, or on a
     * call inside the service, is the service's bug: 500.
     */
    @ServerExceptionMapper
    public Response brokenConstraints(ConstraintViolationException e) {
        if (!(e instanceof ResteasyReactiveViolationException) || BrokenConstraints.onReturnValue(e.getConstraintViolations())) {
            return unexpected(e);
        }
        List<Problem.Violation> violations = BrokenConstraints.violations(e.getConstraintViolations());
        return ProblemException.invalid("The request was not accepted: " + violations.size()
                + " field(s) need attention", violations).toResponse();
    }

    /** A constraint that cannot be checked (declared wrongly): the service's bug. */
    @ServerExceptionMapper
    public Response unusableConstraint(ValidationException e) {
        return unexpected(e);
    }

    @ServerExceptionMapper
    public Response unauthenticated(io.quarkus.security.AuthenticationFailedException e) {
        refusals.unauthenticated();
        return notSignedIn();
    }

    @ServerExceptionMapper
    public Response unauthorized(io.quarkus.security.UnauthorizedException e) {
        refusals.unauthenticated();
        return notSignedIn();
    }

    @ServerExceptionMapper
    public Response forbidden(io.quarkus.security.ForbiddenException e, jakarta.ws.rs.core.UriInfo uri,
                              jakarta.ws.rs.core.Request request) {
        refusals.forbidden(request.getMethod(), uri.getPath());
        return Problem.of(Response.Status.FORBIDDEN, "This token's role may not call this endpoint").toResponse();
    }

    private static Response notSignedIn() {
        return Response.fromResponse(Problem.of(Response.Status.UNAUTHORIZED,
                        "A valid bearer token is required").toResponse())
                .header("WWW-Authenticate", "Bearer").build();
    }

    /** 401, 403, 404, 405, 415 and friends, as problem+json. */
    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException unreadable) {
            return unreadableJson(unreadable);
        }
        Response.Status status = Response.Status.fromStatusCode(e.getResponse().getStatus());
        if (status == null) {
            status = Response.Status.INTERNAL_SERVER_ERROR;
        }
        return Problem.of(status, status.getStatusCode() >= 500 ? "The service could not complete the request" : e.getMessage())
                .toResponse();
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        // The message may hold patient data: at error, the type and where it was thrown (frames hold none);
        // the whole exception only at debug.
        LOG.errorf("unexpected %s at %s", e.getClass().getName(), java.util.Arrays.stream(e.getStackTrace()).limit(12)
                .map(StackTraceElement::toString).collect(java.util.stream.Collectors.joining(" < ")));
        LOG.debug("unexpected failure", e);
        return Problem.of(Response.Status.INTERNAL_SERVER_ERROR, "The service could not complete the request").toResponse();
    }
}
