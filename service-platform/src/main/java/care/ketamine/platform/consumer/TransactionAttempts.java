package care.ketamine.platform.consumer;

import care.ketamine.contracts.MalformedEventException;
import io.quarkus.narayana.jta.QuarkusTransaction;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Runs a consumer's unit of work in a transaction of its own, and when it fails, again in a new
 * transaction after a pause, a few times, before giving up with the last failure. This is what a
 * {@code @Retry} next to {@code @Transactional} looks like it does but does not: the transaction
 * interceptor runs outside the retry one, so every attempt reused the first attempt's transaction,
 * which PostgreSQL had already aborted ("current transaction is aborted"). A record that is not a
 * readable event ({@link MalformedEventException}) fails the same way every time: it is not retried.
 */
public final class TransactionAttempts {

    private TransactionAttempts() {
    }

    public static void run(int attempts, Duration pause, Runnable work) {
        call(attempts, pause, () -> {
            work.run();
            return null;
        });
    }

    public static <T> T call(int attempts, Duration pause, Supplier<T> work) {
        if (attempts < 1) {
            throw new IllegalArgumentException("at least one attempt, not " + attempts);
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return QuarkusTransaction.requiringNew().call(work::get);
            } catch (MalformedEventException unreadable) {
                throw unreadable;
            } catch (RuntimeException failed) {
                if (attempt >= attempts) {
                    throw failed;
                }
                pause(pause);
            }
        }
    }

    /** The pause, give or take a fifth, so that consumers failing together do not retry together. */
    private static void pause(Duration pause) {
        long millis = pause.toMillis();
        long jitter = millis / 5;
        try {
            Thread.sleep(millis + (jitter == 0 ? 0 : ThreadLocalRandom.current().nextLong(-jitter, jitter + 1)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted between attempts", e);
        }
    }
}
