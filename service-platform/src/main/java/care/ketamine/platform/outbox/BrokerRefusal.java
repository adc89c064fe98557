package care.ketamine.platform.outbox;

import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.InvalidRecordException;

import java.util.List;

/**
 * Whether a failed send is the event's own fault, for good (the broker will refuse it however often it
 * is sent), or the broker's state (down, no leader, a timeout), which is waited out. Only the named
 * refusals count as the event's fault: anything else, including an error not seen before or a refused
 * authorization (a configuration matter that would otherwise park every event), is waited out.
 */
final class BrokerRefusal {

    private static final List<Class<? extends Throwable>> FOR_GOOD = List.of(RecordTooLargeException.class,
            RecordBatchTooLargeException.class, SerializationException.class, InvalidTopicException.class,
            InvalidRecordException.class);

    private BrokerRefusal() {
    }

    static boolean isForGood(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RetriableException) {
                return false;
            }
            if (isRefusal(t)) {
                return true;
            }
        }
        return false;
    }

    /** The refusal as stored and logged: its kind and the broker's or client's message, never the event's payload. */
    static String describe(Throwable failure) {
        Throwable refusal = failure;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (isRefusal(t)) {
                refusal = t;
                break;
            }
        }
        String text = refusal.getClass().getName() + ": " + refusal.getMessage();
        return text.length() > 2000 ? text.substring(0, 2000) : text;
    }

    private static boolean isRefusal(Throwable t) {
        return FOR_GOOD.stream().anyMatch(kind -> kind.isInstance(t));
    }
}
