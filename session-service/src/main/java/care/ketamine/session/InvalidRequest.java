package care.ketamine.session;

import care.ketamine.platform.problem.Problem;
import care.ketamine.platform.problem.ProblemException;
import care.ketamine.session.domain.Breach;

import java.util.List;

/**
 * Problems listing every rule of the clinic a well-formed request broke: 400 for bad input (an unknown clinician, a
 * profile the clinic does not accept), 409 for a conflict with the calendar or plan. A request's shape is its
 * record's annotations (ADR 0046).
 */
public final class InvalidRequest {

    private InvalidRequest() {
    }

    public static ProblemException of(String detail, List<Breach> breaches) {
        return ProblemException.invalid(detail, violations(breaches));
    }

    public static ProblemException conflict(String detail, List<Breach> breaches) {
        return new ProblemException(Problem.of(jakarta.ws.rs.core.Response.Status.CONFLICT, detail)
                .withViolations(violations(breaches)));
    }

    private static List<Problem.Violation> violations(List<Breach> breaches) {
        return breaches.stream().map(b -> new Problem.Violation(b.field(), b.rule())).toList();
    }
}
