package care.ketamine.platform.live;

import io.quarkus.logging.Log;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * One open stream of one session. It sends the feed strictly in position order from where the
 * subscriber is, so nothing is skipped and nothing sent twice. Wake-ups are coalesced: one drain
 * runs at a time, and a wake-up during a drain makes it look again.
 */
final class StreamSubscriber {

    /** How long a reader may leave {@code max-unsent} events unread before it is cut off. */
    static final Duration SLOW_READER = Duration.ofSeconds(30);

    final String sessionId;
    private final SseEventSink sink;
    private final Sse sse;
    private final FeedReader feed;
    private final Function<String, String> eventName;
    private final Executor executor;
    private final OpenStream stream;
    private final AtomicInteger wakeUps = new AtomicInteger();
    private final AtomicInteger unsent = new AtomicInteger();
    private boolean snapshotPending;
    private boolean resumePending;
    private long position;
    private volatile Future<?> expiry;
    /** Set while the drain waits for the connection to take what was sent; when it started waiting. */
    private final AtomicBoolean backedUp = new AtomicBoolean();
    private volatile Instant backedUpSince;

    /** @param lastEventId the last position the subscriber has, or null to start with the latest values */
    StreamSubscriber(String sessionId, Long lastEventId, SseEventSink sink, Sse sse, FeedReader feed,
             Function<String, String> eventName, Executor executor, OpenStream stream) {
        this.sessionId = sessionId;
        this.sink = sink;
        this.sse = sse;
        this.feed = feed;
        this.eventName = eventName;
        this.executor = executor;
        this.stream = stream;
        this.snapshotPending = lastEventId == null;
        this.resumePending = lastEventId != null;
        this.position = lastEventId == null ? -1 : lastEventId;
    }

    /** True once the token the stream was opened with has been revoked. */
    boolean revoked() {
        return stream.revoked();
    }

    boolean isClosed() {
        if (sink.isClosed()) {
            close(); // the subscriber went away: its place is given back
            return true;
        }
        return false;
    }

    void closeAt(Future<?> expiry) {
        this.expiry = expiry;
    }

    /** Ends the stream (the token expired, or the reader is too slow) and gives its place back. */
    void close() {
        try {
            if (!sink.isClosed()) {
                sink.close();
            }
        } finally {
            stream.close();
            Future<?> pending = expiry;
            if (pending != null) {
                pending.cancel(false);
            }
        }
    }

    void wakeUp() {
        if (wakeUps.getAndIncrement() == 0) {
            executor.execute(this::drain);
        }
    }

    void keepAlive() {
        Instant since = backedUpSince;
        if (backedUp.get() && since != null && since.isBefore(Instant.now().minus(SLOW_READER))) {
            // The reader has not taken what was sent for a long while: cut off rather than waited for. It reconnects
            // with Last-Event-ID and gets a bounded replay.
            Log.debugf("a live stream of %s was %d events behind for %s and is closed", stream.holder(), unsent.get(), SLOW_READER);
            close();
            return;
        }
        if (!sink.isClosed() && !backedUp.get()) {
            sink.send(sse.newEventBuilder().comment("keep-alive").build());
        }
    }

    private void drain() {
        int missed = 1;
        do {
            try {
                sendWhatIsNew();
            } catch (Exception e) {
                // The database is unreachable: the next wake-up (or the keep-alive's) tries again.
                Log.debugf("a live stream could not read its feed: %s", e.getMessage());
            }
            missed = wakeUps.addAndGet(-missed);
        } while (missed != 0);
    }

    private void sendWhatIsNew() throws Exception {
        if (sink.isClosed()) {
            return;
        }
        if (resumePending) {
            // A resume replays a bounded number of events, the latest: asking for more is clamped, not refused.
            position = feed.replayStart(sessionId, position, stream.maxReplay());
            resumePending = false;
        }
        if (snapshotPending) {
            FeedReader.Snapshot snapshot = feed.latest(sessionId);
            snapshot.latest().forEach(this::send);
            position = snapshot.head();
            snapshotPending = false;
        }
        List<FeedEntry> page;
        do {
            page = feed.after(sessionId, position);
            for (FeedEntry entry : page) {
                if (waitingForTheReader()) {
                    return; // the writes in flight wake the drain again as they complete
                }
                send(entry);
                position = entry.position();
            }
        } while (page.size() == FeedReader.PAGE && !sink.isClosed());
    }

    /**
     * Whether {@code max-unsent} events are handed to the connection and not yet written out. Then the drain stops
     * (nothing more is buffered for this reader) until the writes catch up; a reader that stays behind is cut off
     * by {@link #keepAlive()}.
     */
    private boolean waitingForTheReader() {
        if (unsent.get() < stream.maxUnsent()) {
            return false;
        }
        if (backedUp.compareAndSet(false, true)) {
            backedUpSince = Instant.now();
        }
        // Looked at again after saying so: a write that completed in between would not have seen the flag.
        if (unsent.get() < stream.maxUnsent() && backedUp.compareAndSet(true, false)) {
            return false;
        }
        return true;
    }

    private void send(FeedEntry entry) {
        unsent.incrementAndGet();
        sink.send(sse.newEventBuilder()
                .id(Long.toString(entry.position()))
                .name(eventName.apply(entry.type()))
                .mediaType(MediaType.APPLICATION_JSON_TYPE)
                .data(entry.event())
                .build()).whenComplete((written, failure) -> {
                    int left = unsent.decrementAndGet();
                    if (failure != null) {
                        close();
                    } else if (left <= stream.maxUnsent() / 2 && backedUp.compareAndSet(true, false)) {
                        backedUpSince = null;
                        wakeUp();
                    }
                });
    }
}
