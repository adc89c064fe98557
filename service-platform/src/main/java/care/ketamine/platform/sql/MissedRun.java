package care.ketamine.platform.sql;

import care.ketamine.platform.consumer.RetryingTransaction;
import org.jboss.logging.Logger;

/**
 * How a scheduled job says it could not run this time and will at its next run: one WARN line while the
 * database is unavailable (an outage would otherwise fill the log with the same stack trace every few
 * seconds), an ERROR with the stack trace for any other failure, which needs a person.
 */
public final class MissedRun {

    private MissedRun() {
    }

    /** {@code what} did not happen this time ("dose windows not swept"), because of {@code failure}. */
    public static void log(Logger log, String what, RuntimeException failure) {
        if (RetryingTransaction.databaseUnavailable(failure)) {
            log.warnf("%s this time, retrying at the next run: %s", what, failure.getMessage());
        } else {
            log.errorf(failure, "%s this time, retrying at the next run", what);
        }
    }
}
