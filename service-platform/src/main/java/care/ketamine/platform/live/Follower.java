package care.ketamine.platform.live;

import io.quarkus.logging.Log;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * One open stream of one session. It sends the feed strictly in position order from where the
 * subscriber is, so nothing is skipped and nothing sent twice. Wake-ups are coalesced: one drain
 * runs at a time, and a wake-up during a drain makes it look again.
 */
final class Follower {

    final String sessionId;
    private final SseEventSink sink;
    private final Sse sse;
    private final FeedReader feed;
    private final Function<String, String> eventName;
    private final Executor executor;
    private final AtomicInteger wakeUps = new AtomicInteger();
    private boolean snapshotPending;
    private long position;

    /** @param lastEventId the last position the subscriber has, or null to start with the latest values */
    Follower(String sessionId, Long lastEventId, SseEventSink sink, Sse sse, FeedReader feed,
             Function<String, String> eventName, Executor executor) {
        this.sessionId = sessionId;
        this.sink = sink;
        this.sse = sse;
        this.feed = feed;
        this.eventName = eventName;
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
                position = entry.position();
            }
        } while (page.size() == FeedReader.PAGE && !sink.isClosed());
    }

    private void send(FeedEntry entry) {
        sink.send(sse.newEventBuilder()
                .id(Long.toString(entry.position()))
                .name(eventName.apply(entry.type()))
                .mediaType(MediaType.APPLICATION_JSON_TYPE)
                .data(entry.event())
                .build());
    }
}
