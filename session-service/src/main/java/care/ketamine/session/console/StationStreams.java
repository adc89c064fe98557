package care.ketamine.session.console;

import care.ketamine.platform.json.StoredJson;
import care.ketamine.platform.live.OpenStream;
import care.ketamine.platform.live.StreamLimits;
import care.ketamine.platform.notify.PostgresNotifications;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * The central station live: each open station stream is sent the viewer's whole station (event {@code station}) when
 * it opens and again whenever something it shows changed. The console feed's notifications (a session id, on every
 * replica) say what changed: a session on the viewer's station is looked at again within {@link #SOON}; any other
 * session within {@link #LATER}, since it may be joining the station (a new session, an alert paged to an on-call
 * nurse). Changes are coalesced: however many readings arrive, one station is read per wait. A station whose tiles did
 * not change is not sent again; event {@code alive} (the server's time) every sweep says the stream still works. The
 * page counts ages and the floor's minutes itself, from the server's time.
 */
@ApplicationScoped
public class StationStreams {

    /** How soon a change to a session on the station reaches it: the tile shows a reading within about a second. */
    static final Duration SOON = Duration.ofMillis(250);
    /** How soon a change to a session not on the station is looked at, in case it joins. */
    static final Duration LATER = Duration.ofSeconds(1);
    /** How long a station that could not be read (the database away) waits before trying again. */
    static final Duration RETRY = Duration.ofSeconds(2);
    /** A reader that has not taken the previous station after this long is cut off; its page reconnects. */
    static final Duration SLOW_READER = Duration.ofSeconds(30);

    private final Set<Watcher> watchers = ConcurrentHashMap.newKeySet();
    private final CentralStation station;
    private final PostgresNotifications notifications;
    private final StreamLimits limits;
    private final StoredJson json;
    private final Clock clock;
    private final ScheduledExecutorService executor;
    private final Timer reads;
    private final Counter sent;

    public StationStreams(CentralStation station, PostgresNotifications notifications, StreamLimits limits, StoredJson json,
                          Clock clock, MeterRegistry meters) {
        this.clock = clock;
        this.station = station;
        this.notifications = notifications;
        this.limits = limits;
        this.json = json;
        this.executor = Executors.newScheduledThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "station-streams");
            thread.setDaemon(true);
            return thread;
        });
        this.reads = Timer.builder("console.station.reads").description("Reads of a viewer's whole station for its live stream")
                .register(meters);
        this.sent = Counter.builder("console.station.sent").description("Stations sent on live streams because a tile changed")
                .register(meters);
        Gauge.builder("console.station.streams", watchers, Set::size).description("Open central-station streams on this replica")
                .register(meters);
    }

    void start(@Observes StartupEvent started) {
        notifications.listen(ConsoleFeed.CHANNEL, new PostgresNotifications.Listener(this::changed,
                () -> watchers.forEach(w -> w.lookAgainIn(SOON))));
    }

    void stop(@Observes ShutdownEvent stopping) {
        executor.shutdownNow();
    }

    /**
     * Streams the viewer's station to the sink, within the platform's stream limits (429 beyond; ends when the token
     * does). {@code audit} records the read once the stream is admitted, before anything is sent.
     */
    public void follow(String viewerId, String role, SseEventSink sink, Sse sse, JsonWebToken token, Runnable audit) {
        OpenStream stream = limits.admit(token);
        try {
            audit.run();
        } catch (RuntimeException e) {
            stream.close();
            throw e;
        }
        Watcher watcher = new Watcher(viewerId, role, sink, sse, stream);
        long left = Math.max(0, Duration.between(Instant.now(), stream.closesAt()).toMillis());
        watcher.expiry = executor.schedule(watcher::close, left, TimeUnit.MILLISECONDS);
        // Registered before the first read: a change from now on is looked at, so nothing falls in between.
        watchers.add(watcher);
        watcher.lookAgainIn(Duration.ZERO);
    }

    /** "alive" events; streams gone, revoked or too slow closed. */
    @Scheduled(every = "${console.stream-sweep:15s}", delayed = "${console.stream-sweep:15s}",
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void sweep() {
        for (Watcher w : watchers) {
            if (w.isClosed() || w.stream.revoked() || w.tooSlow()) {
                w.close();
            } else {
                w.keepAlive();
            }
        }
    }

    /**
     * Every station read again now and then, whatever was notified: the sparklines' 30 minutes slide with time, and a
     * notification lost with the listening connection is made good.
     */
    @Scheduled(every = "${console.station-look:15s}", delayed = "${console.station-look:15s}",
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void lookAgain() {
        watchers.forEach(w -> w.lookAgainIn(SOON));
    }

    int openStreams() {
        return watchers.size();
    }

    private void changed(String sessionId) {
        watchers.forEach(w -> w.lookAgainIn(w.watching.contains(sessionId) ? SOON : LATER));
    }

    /** One open station stream: whose, what it shows, when it looks again. */
    private final class Watcher {
        private final String viewerId;
        private final String role;
        private final SseEventSink sink;
        private final Sse sse;
        private final OpenStream stream;
        private final AtomicBoolean writing = new AtomicBoolean();
        private volatile Instant writingSince;
        volatile Set<String> watching = Set.of();
        ScheduledFuture<?> expiry;
        private ScheduledFuture<?> next;
        private long nextAt;
        private boolean reading;
        private boolean changedWhileReading;
        private String lastTiles;

        Watcher(String viewerId, String role, SseEventSink sink, Sse sse, OpenStream stream) {
            this.viewerId = viewerId;
            this.role = role;
            this.sink = sink;
            this.sse = sse;
            this.stream = stream;
        }

        /** Reads the station again within the wait, or sooner if a read is already due sooner. */
        synchronized void lookAgainIn(Duration wait) {
            if (reading) {
                changedWhileReading = true;
                return;
            }
            long at = System.nanoTime() + wait.toNanos();
            if (next != null && !next.isDone() && nextAt <= at) {
                return;
            }
            if (next != null) {
                next.cancel(false);
            }
            nextAt = at;
            try {
                next = executor.schedule(this::read, wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
                close();
            }
        }

        private void read() {
            synchronized (this) {
                reading = true;
                changedWhileReading = false;
            }
            Duration again = null;
            try {
                again = sendIfChanged();
            } catch (Exception e) {
                Log.debugf("a station stream could not read the station: %s", e.getMessage());
                again = RETRY;
            } finally {
                synchronized (this) {
                    reading = false;
                    if (changedWhileReading && again == null) {
                        again = SOON;
                    }
                }
                if (again != null && !isClosed()) {
                    lookAgainIn(again);
                }
            }
        }

        /** Sends the station if its tiles changed since the last one sent; when to look again, or null. */
        private Duration sendIfChanged() {
            if (isClosed()) {
                return null;
            }
            if (writing.get()) {
                return SOON; // the previous station is still on its way: the newest is read once it has gone
            }
            CentralStation.Station now = reads.record(() -> QuarkusTransaction.requiringNew()
                    .call(() -> station.of(viewerId, role)));
            watching = now.tiles().stream().map(t -> t.sessionId().toString()).collect(Collectors.toUnmodifiableSet());
            String tiles = json.write(List.of(now.tiles(), now.timezone()));
            if (tiles.equals(lastTiles)) {
                return null;
            }
            lastTiles = tiles;
            writing.set(true);
            writingSince = Instant.now();
            sent.increment();
            sink.send(sse.newEventBuilder().name("station").mediaType(MediaType.APPLICATION_JSON_TYPE).data(json.write(now)).build())
                    .whenComplete((written, failure) -> {
                        writing.set(false);
                        if (failure != null) {
                            close();
                        }
                    });
            return null;
        }

        boolean tooSlow() {
            Instant since = writingSince;
            return writing.get() && since != null && since.isBefore(Instant.now().minus(SLOW_READER));
        }

        /** Event {@code alive} with the server's time: a page that hears nothing for long knows its stream is dead. */
        void keepAlive() {
            if (!sink.isClosed() && !writing.get()) {
                sink.send(sse.newEventBuilder().name("alive").data(clock.instant().toString()).build());
            }
        }

        /** Whether the stream ended; a reader that went away is closed here, giving its place back. */
        boolean isClosed() {
            if (sink.isClosed()) {
                close();
                return true;
            }
            return false;
        }

        void close() {
            try {
                if (!sink.isClosed()) {
                    sink.close();
                }
            } finally {
                stream.close();
                if (expiry != null) {
                    expiry.cancel(false);
                }
                synchronized (this) {
                    if (next != null) {
                        next.cancel(false);
                    }
                }
                watchers.remove(this);
            }
        }
    }
}
