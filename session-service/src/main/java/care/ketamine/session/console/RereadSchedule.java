package care.ketamine.session.console;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * When a station stream reads its station again. Asked for a read within a wait, it keeps the soonest read asked for;
 * never runs two reads at once; a read asked for while one runs happens after it (the running read may have missed
 * what was asked about); and a read may ask for the next itself (to retry after a failure, or once a write is out).
 */
final class RereadSchedule {

    private final ScheduledExecutorService executor;
    /** Reads once; returns when to read again of its own accord, or null. */
    private final Supplier<Duration> read;
    private final Duration afterChange;
    private ScheduledFuture<?> next;
    private long nextAt;
    private boolean reading;
    private boolean askedWhileReading;
    private boolean stopped;

    /** @param afterChange how soon a read asked for while one ran follows it */
    RereadSchedule(ScheduledExecutorService executor, Duration afterChange, Supplier<Duration> read) {
        this.executor = executor;
        this.afterChange = afterChange;
        this.read = read;
    }

    /** A read within the wait, or sooner if one is already due sooner. */
    synchronized void within(Duration wait) {
        if (stopped) {
            return;
        }
        if (reading) {
            askedWhileReading = true;
            return;
        }
        long at = System.nanoTime() + wait.toNanos();
        if (next != null && nextAt - at <= 0) {
            return;
        }
        if (next != null) {
            next.cancel(false);
        }
        nextAt = at;
        try {
            next = executor.schedule(this::run, wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            stopped = true;
        }
    }

    synchronized void stop() {
        stopped = true;
        if (next != null) {
            next.cancel(false);
            next = null;
        }
    }

    private void run() {
        synchronized (this) {
            if (stopped) {
                return;
            }
            // This read is under way: from now on a request schedules the next one, it is not folded into this.
            next = null;
            reading = true;
            askedWhileReading = false;
        }
        Duration again = null;
        try {
            again = read.get();
        } finally {
            Duration wait;
            synchronized (this) {
                reading = false;
                wait = askedWhileReading && (again == null || afterChange.compareTo(again) < 0) ? afterChange : again;
            }
            if (wait != null) {
                within(wait);
            }
        }
    }
}
