package care.ketamine.platform.consumer;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * When each thread running a {@link RetryingTransaction} last showed it was getting on: at each attempt, and every
 * second while it waits out a database outage. A thread whose mark grows old is stuck inside one attempt (a
 * connection that hangs after a failover, say): nothing else notices, since the database and the broker answer.
 * {@link care.ketamine.platform.health.StuckWorkLiveness} turns that into liveness DOWN, so the service is restarted
 * and the record it held is taken again.
 */
public final class WorkInProgress {

    static final WorkInProgress OF_THIS_SERVICE = new WorkInProgress(System::nanoTime);

    private final Map<Thread, Long> lastProgress = new ConcurrentHashMap<>();
    private final LongSupplier nanoTime;

    WorkInProgress(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    public static WorkInProgress ofThisService() {
        return OF_THIS_SERVICE;
    }

    /** The calling thread is getting on with its work. */
    void progressing() {
        lastProgress.put(Thread.currentThread(), nanoTime.getAsLong());
    }

    /** The calling thread has finished (or given up on) its work. */
    void finished() {
        lastProgress.remove(Thread.currentThread());
    }

    /** The thread that has shown no progress for longest, if that is longer than {@code after}. */
    public Optional<Stuck> stuckLongerThan(Duration after) {
        long now = nanoTime.getAsLong();
        return lastProgress.entrySet().stream()
                .map(e -> new Stuck(e.getKey().getName(), Duration.ofNanos(now - e.getValue())))
                .filter(s -> s.quietFor().compareTo(after) > 0)
                .max((a, b) -> a.quietFor().compareTo(b.quietFor()));
    }

    /** A thread and how long it has shown no progress. */
    public record Stuck(String thread, Duration quietFor) {
    }
}
