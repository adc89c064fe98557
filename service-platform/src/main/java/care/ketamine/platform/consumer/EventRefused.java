package care.ketamine.platform.consumer;

/**
 * Thrown by an event handler that answers the event by refusing it (a command that cannot apply: no valid token, no
 * such alert, already done). The handler has counted and logged the refusal; its transaction is rolled back, and the
 * event is neither tried again nor parked, since it would be refused the same way every time. The message is the
 * handler's own and never quotes the record.
 */
public class EventRefused extends RuntimeException {

    public EventRefused(String message) {
        super(message, null, false, false);
    }
}
