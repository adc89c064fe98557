package care.ketamine.contracts;

/** A record that is not a readable event of the expected type: it belongs on the dead-letter topic. */
public class MalformedEventException extends RuntimeException {

    public MalformedEventException(String message) {
        super(message);
    }
}
