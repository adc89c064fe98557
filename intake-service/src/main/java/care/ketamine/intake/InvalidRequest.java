package care.ketamine.intake;

import care.ketamine.intake.domain.Breach;
import care.ketamine.platform.problem.Problem;
import care.ketamine.platform.problem.ProblemException;

import java.util.List;

/** A 400 problem listing every rule a request broke. */
public final class InvalidRequest {

    private InvalidRequest() {
    }

    public static ProblemException of(String detail, List<Breach> breaches) {
        return ProblemException.invalid(detail,
                breaches.stream().map(b -> new Problem.Violation(b.field(), b.rule())).toList());
    }
}
