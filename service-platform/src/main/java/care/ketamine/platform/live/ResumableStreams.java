package care.ketamine.platform.live;

import care.ketamine.platform.notify.PostgresNotifications;
import care.ketamine.platform.problem.Problem;
import care.ketamine.platform.problem.ProblemException;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Live SSE streams of sessions' feeds, on every replica. Whoever commits new feed rows NOTIFYs the
 * session id on the feed's channel; every replica LISTENs and wakes the streams of that session,
 * which read their feed from where they are. After the listening connection is lost and back,
 * every stream looks again, so nothing committed in between is missed. Reconnecting with
 * Last-Event-ID resumes right after that position: no gap, no repeat.
 */
public final class ResumableStreams {

    private final Map<String, Set<StreamSubscriber>> subscribers = new ConcurrentHashMap<>();
    private final FeedReader reader;
    private final Function<String, String> eventName;
    private final ExecutorService drains;
    private final ScheduledExecutorService expiries;

    /** @param eventName the SSE event name of a feed type */
    public ResumableStreams(FeedReader reader, Function<String, String> eventName, String threadName) {
        this.reader = reader;
        this.eventName = eventName;
        this.drains = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
        ScheduledThreadPoolExecutor closing = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, threadName + "-expiry");
            thread.setDaemon(true);
            return thread;
        });
        closing.setRemoveOnCancelPolicy(true);
        this.expiries = closing;
    }

    /** Starts listening on the channel whose payloads are session ids. */
    public void listen(PostgresNotifications notifications, String channel) {
        notifications.listen(channel, new PostgresNotifications.Listener(this::wake,
                () -> subscribers.keySet().forEach(this::wake)));
    }

    public void shutdown() {
        drains.shutdownNow();
        expiries.shutdownNow();
    }

    /**
     * Streams the session to the sink, within the admitted stream's bounds ({@link StreamLimits}): from after
     * {@code lastEventId} (at most the latest {@code max-replay} events), or the latest of each type first when null;
     * until the stream's token expires.
     */
    public void follow(String sessionId, Long lastEventId, SseEventSink sink, Sse sse, OpenStream stream) {
        StreamSubscriber subscriber = new StreamSubscriber(sessionId, lastEventId, sink, sse, reader, eventName, drains, stream);
        long left = Math.max(0, Duration.between(Instant.now(), stream.closesAt()).toMillis());
        subscriber.closeAt(expiries.schedule(subscriber::close, left, TimeUnit.MILLISECONDS));
        // Registered before the first read: a notification from now on wakes it, so nothing falls in between.
        subscribers.computeIfAbsent(sessionId, id -> ConcurrentHashMap.newKeySet()).add(subscriber);
        subscriber.wakeUp();
    }

    /**
     * Call every 15 s or so: keep-alive comments, a wake-up as a safety net, streams whose token was revoked
     * since (sign-out, a deactivated account) closed, closed streams forgotten.
     */
    public void keepAliveAndForgetClosed() {
        subscribers.values().forEach(set -> set.removeIf(f -> {
            if (f.revoked()) {
                f.close();
            }
            f.keepAlive();
            f.wakeUp();
            return f.isClosed();
        }));
        subscribers.values().removeIf(Set::isEmpty);
    }

    public int openStreams() {
        return subscribers.values().stream().mapToInt(Set::size).sum();
    }

    /** The Last-Event-ID header as a position; null when absent; a 400 problem when it is not a position. */
    public static Long lastEventId(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            long id = Long.parseLong(header.trim());
            if (id >= -1) {
                return id;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw ProblemException.invalid("Cannot resume the stream",
                List.of(new Problem.Violation("Last-Event-ID", "must be the id of an event of this stream")));
    }

    private void wake(String sessionId) {
        Set<StreamSubscriber> following = subscribers.get(sessionId);
        if (following != null) {
            following.forEach(StreamSubscriber::wakeUp);
        }
    }
}
