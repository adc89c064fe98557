package care.ketamine.session.domain;

/** A lifecycle step that is not allowed now, with the reason in words. */
public class IllegalTransition extends RuntimeException {

    public IllegalTransition(String message) {
        super(message);
    }
}
