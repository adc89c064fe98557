package care.ketamine.vitals.live;

import io.quarkus.logging.Log;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One open stream of one session. It sends the feed strictly in offset order from where the
 * subscriber is, so nothing is skipped and nothing sent twice. Wake-ups are coalesced: one drain
 * runs at a time, and a wake-up during a drain makes it look again.
 */
final class Follower {

    final String sessionId;
    private final SseEventSink sink;
    private final Sse sse;
    private final FeedReader feed;
    private final Executor executor;
    private final AtomicInteger wakeUps = new AtomicInteger();
    private boolean snapshotPending;
    private long position;

    /** @param lastEventId the last offset the subscriber has, or null to start with the latest values */
    Follower(String sessionId, Long lastEventId, SseEventSink sink, Sse sse, FeedReader feed, Executor executor) {
        this.sessionId = sessionId;
        this.sink = sink;
        this.sse = sse;
        this.feed = feed;
        this.executor = executor;
        this.snapshotPending = lastEventId == null;
        this.position = lastEventId == null ? -1 : lastEventId;
    }

    boolean isClosed() {
        return sink.isClosed();
    }

    void wakeUp() {
        if (wakeUps.getAndIncrement() == 0) {
            executor.execute(this::drain);
        }
    }

    void keepAlive() {
        if (!sink.isClosed()) {
            sink.send(sse.newEventBuilder().comment("keep-alive").build());
        }
    }

    private void drain() {
        int missed = 1;
        do {
            try {
                sendWhatIsNew();
            } catch (Exception e) {
                // The database is unreachable: the next wake-up (or the reconnect of the listener) tries again.
                Log.debugf("live stream of a session could not read its feed: %s", e.getMessage());
            }
            missed = wakeUps.addAndGet(-missed);
        } while (missed != 0);
    }

    private void sendWhatIsNew() throws Exception {
        if (sink.isClosed()) {
            return;
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
                send(entry);
                position = entry.offset();
            }
        } while (page.size() == FeedReader.PAGE && !sink.isClosed());
    }

    private void send(FeedEntry entry) {
        sink.send(sse.newEventBuilder()
                .id(Long.toString(entry.offset()))
                .name(entry.eventName())
                .mediaType(jakarta.ws.rs.core.MediaType.APPLICATION_JSON_TYPE)
                .data(entry.event())
                .build());
    }
}
