package care.ketamine.session.domain;

import java.util.List;

/** A lifecycle step that is not allowed now, with every reason in words. */
public class IllegalTransition extends RuntimeException {

    private final List<String> reasons;

    public IllegalTransition(String message) {
        super(message);
        this.reasons = List.of();
    }

    /** Refused for each of {@code reasons}, all named: the message lists them after {@code what}. */
    public IllegalTransition(String what, List<String> reasons) {
        super(what + ": " + String.join("; ", reasons));
        this.reasons = List.copyOf(reasons);
    }

    public List<String> reasons() {
        return reasons;
    }
}
