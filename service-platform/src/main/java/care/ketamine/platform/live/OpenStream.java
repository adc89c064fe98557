package care.ketamine.platform.live;

import java.util.function.BooleanSupplier;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One admitted live stream: whose it is, when it must close (its bearer token's expiry) and the bounds it
 * runs within. Closing it gives its place back; closing twice is harmless.
 */
public final class OpenStream implements AutoCloseable {

    private final String holder;
    private final Instant closesAt;
    private final int maxUnsent;
    private final int maxReplay;
    private final Runnable release;
    private final BooleanSupplier revoked;
    private final AtomicBoolean open = new AtomicBoolean(true);

    OpenStream(String holder, Instant closesAt, int maxUnsent, int maxReplay, Runnable release,
               BooleanSupplier revoked) {
        this.revoked = revoked;
        this.holder = holder;
        this.closesAt = closesAt;
        this.maxUnsent = maxUnsent;
        this.maxReplay = maxReplay;
        this.release = release;
    }

    /** True once the token this stream was opened with is revoked (asked on the feed's keep-alive sweep). */
    public boolean revoked() {
        try {
            return revoked.getAsBoolean();
        } catch (RuntimeException e) {
            return false; // never let one stream's question stop the sweep that keeps every stream alive
        }
    }

    public String holder() {
        return holder;
    }

    /** When the stream ends: when the token it was opened with expires. */
    public Instant closesAt() {
        return closesAt;
    }

    /** Events handed to the connection and not yet written out, beyond which the reader is too slow and is cut off. */
    public int maxUnsent() {
        return maxUnsent;
    }

    /** The most events a resume (Last-Event-ID, after) replays: the latest ones, when more were asked for. */
    public int maxReplay() {
        return maxReplay;
    }

    @Override
    public void close() {
        if (open.compareAndSet(true, false)) {
            release.run();
        }
    }
}
