package care.ketamine.platform.consumer;

import care.ketamine.contracts.MalformedEventException;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ApplicationLifecycleManager;

import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;
import io.quarkus.arc.InstanceHandle;

import jakarta.persistence.EntityManagerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Runs a consumer's unit of work in a transaction of its own, and when it fails, again in a new
 * transaction after a pause, a few times, before giving up with the last failure. This is what a
 * {@code @Retry} next to {@code @Transactional} looks like it does but does not: the transaction
 * interceptor runs outside the retry one, so every attempt reused the first attempt's transaction,
 * which PostgreSQL had already aborted ("current transaction is aborted").
 *
 * <p>A database that does not answer is not the event's fault: while it is down the work is tried
 * again every second without counting attempts, for as long as the outage lasts (as long as a new connection
 * does not answer either: a failure that only looks like an outage is counted as any other), so that a consumer
 * does not park an event on its dead-letter topic, or skip it, because of an outage; meanwhile readiness is
 * DOWN (the datasource's check) and the record stays unacknowledged, so nothing behind it is committed. Only the
 * service closing ends the wait, and any failure while it closes is thrown at once, never parked: the record is
 * taken again at the next start. A record that
 * is not a readable event ({@link MalformedEventException}) fails the same way every time: it is
 * not tried again.
 */
public final class RetryingTransaction {

    /**
     * How many times a consumer tries an event (or a poll) whose failure is not the database's before parking it, and
     * the pause between: one setting for {@link EventHandlers} and {@link PollTogether}.
     */
    public static final int CONSUMER_ATTEMPTS = 3;
    public static final Duration CONSUMER_PAUSE = Duration.ofMillis(300);

    private RetryingTransaction() {
    }

    /** A consumer's work, with {@link #CONSUMER_ATTEMPTS} and {@link #CONSUMER_PAUSE}. */
    public static void run(Runnable work) {
        run(CONSUMER_ATTEMPTS, CONSUMER_PAUSE, work);
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
        WorkInProgress progress = WorkInProgress.ofThisService();
        try {
            return attempts(attempts, pause, work, progress);
        } finally {
            progress.finished();
        }
    }

    private static <T> T attempts(int attempts, Duration pause, Supplier<T> work, WorkInProgress progress) {
        long outageSince = 0;
        for (int attempt = 1; ; ) {
            progress.progressing();
            try {
                T result = QuarkusTransaction.requiringNew().call(work::get);
                if (outageSince != 0) {
                    Log.infof("the database answers again after %d s", (System.nanoTime() - outageSince) / 1_000_000_000);
                }
                return result;
            } catch (MalformedEventException | EventRefused sameEveryTime) {
                throw sameEveryTime;
            } catch (RuntimeException failed) {
                if (serviceClosing()) {
                    throw failed; // taken again at the next start: parked by nobody (notTheRecordsFault)
                }
                if (databaseUnavailable(failed)) {
                    // Asked on another connection: a failure that only looks like an outage (a statement that
                    // kills its own connection, say) would otherwise be waited on forever with readiness UP.
                    if (!databaseAnswers()) {
                        if (outageSince == 0) {
                            outageSince = System.nanoTime();
                            Log.warn("the database does not answer; waiting for it rather than skipping the work");
                        }
                        pause(Duration.ofSeconds(1));
                        continue;
                    }
                }
                if (attempt++ >= attempts) {
                    throw databaseUnavailable(failed) ? new FailedWhileTheDatabaseAnswered(failed) : failed;
                }
                Log.infof("attempt %d of %d failed, trying again in %d ms: %s", attempt - 1, attempts, pause.toMillis(),
                        failed.getMessage());
                pause(pause);
            }
        }
    }

    /**
     * Whether a record that failed with this must be neither parked nor skipped, but left for the channel to fail
     * before its offset is committed (so it is taken again): the database could not be reached, or the service is
     * closing (the pool or the container may already be gone, and that is not the record's fault either).
     */
    public static boolean notTheRecordsFault(Throwable failure) {
        if (failure instanceof FailedWhileTheDatabaseAnswered) {
            return serviceClosing();
        }
        return databaseUnavailable(failure) || serviceClosing();
    }

    /**
     * The service is closing: the JVM is stopping, or the application is (its start failed, say, while consumers
     * already ran), so its container or its persistence unit is closed. Work failing then ("EntityManagerFactory
     * is closed") says nothing about the record.
     */
    public static boolean serviceClosing() {
        if (ApplicationLifecycleManager.isVmShuttingDown()) {
            return true;
        }
        if (io.quarkus.runtime.Application.currentApplication() == null) {
            return false; // plain Java (a unit test): no service to close
        }
        ArcContainer container = Arc.container();
        if (container == null || !container.isRunning()) {
            return true;
        }
        try {
            InstanceHandle<EntityManagerFactory> persistence = container.instance(EntityManagerFactory.class);
            return persistence.isAvailable() && !persistence.get().isOpen();
        } catch (RuntimeException closedMeanwhile) {
            return true;
        }
    }

    /**
     * Work whose every attempt failed as an outage would (its connection lost) while a new one answered: the
     * record's own doing (a statement that ends its connection), so it may be parked; left to fail the channel, it
     * would be taken again at every restart and hold its partition for good.
     */
    public static final class FailedWhileTheDatabaseAnswered extends RuntimeException {
        FailedWhileTheDatabaseAnswered(RuntimeException failure) {
            super("failed as an outage would while the database answered: " + failure.getMessage(), failure);
        }
    }

    /** Whether a connection from the service's pool answers a query now, within two seconds. */
    static boolean databaseAnswers() {
        InstanceHandle<AgroalDataSource> pool = Arc.container() == null ? null : Arc.container().instance(AgroalDataSource.class);
        if (pool == null || !pool.isAvailable()) {
            return false;
        }
        try (Connection connection = pool.get().getConnection(); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(2);
            statement.execute("SELECT 1");
            return true;
        } catch (SQLException | RuntimeException unreachable) {
            return false;
        }
    }

    /**
     * Whether the failure says the database cannot be reached, rather than that the work is wrong:
     * a connection exception (SQLState class 08), the server shutting down (57P), or no connection
     * to be had from the pool.
     */
    public static boolean databaseUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.hibernate.exception.JDBCConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
            if (t instanceof java.sql.SQLTransientConnectionException) {
                return true;
            }
        }
        return false;
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
