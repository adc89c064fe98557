package care.ketamine.alerting.alert;

import io.quarkus.logging.Log;
import jakarta.persistence.OptimisticLockException;
import org.hibernate.StaleStateException;

import java.util.function.Supplier;

/**
 * A person's action on an alert that an evaluation updated meanwhile (a lasting condition is updated with every
 * reading, about once a second from an oximeter): the action is applied again, in a new transaction, to the
 * alert as it now is, rather than failing. The action's own rules run again, so an alert resolved meanwhile is
 * still refused with 409.
 */
public final class ChangedMeanwhile {

    static final int ATTEMPTS = 4;

    private ChangedMeanwhile() {
    }

    /** @param action runs in a transaction of its own on each call */
    public static <T> T tryAgain(Supplier<T> action) {
        for (int attempt = 1; ; attempt++) {
            try {
                return action.get();
            } catch (RuntimeException failed) {
                if (attempt >= ATTEMPTS || !concurrentUpdate(failed)) {
                    throw failed;
                }
                Log.debugf("alert changed while a person acted on it; applying the action again (%d)", attempt);
            }
        }
    }

    public static void tryAgain(Runnable action) {
        tryAgain(() -> {
            action.run();
            return null;
        });
    }

    static boolean concurrentUpdate(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OptimisticLockException || t instanceof StaleStateException) {
                return true;
            }
        }
        return false;
    }
}
