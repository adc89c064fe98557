package care.ketamine.session.console;

import care.ketamine.platform.json.StoredJson;
import care.ketamine.platform.live.OpenStream;
import care.ketamine.platform.live.StreamLimits;
import care.ketamine.platform.notify.PostgresNotifications;
import care.ketamine.session.lifecycle.ReadingProjection;
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
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * The central station live: each open station stream is sent the viewer's whole station (event {@code station}) when
 * it opens and again whenever something it shows changed. Notifications of the console's feed and of the newest
 * measures (a session id, on every replica) say what changed: a session on the viewer's station is looked at again within {@link #SOON}; any other
 * session within {@link #LATER}, since it may be joining the station (a new session, an alert paged to an on-call
 * nurse). Changes are coalesced: however many readings arrive, one station is read per wait. A station whose tiles did
 * not change is not sent again; event {@code alive} (the server's time) every few seconds, while reads work, says the
 * stream still shows the present. The
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
    /** Stations read at once on this replica (each read holds a database connection while it runs). */
    static final int READERS = 4;
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
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(READERS, runnable -> {
            Thread thread = new Thread(runnable, "station-streams");
            thread.setDaemon(true);
            return thread;
        });
        // A closed stream's cancelled expiry must not keep it (and its last station) for the token's 12 hours.
        pool.setRemoveOnCancelPolicy(true);
        this.executor = pool;
        this.reads = Timer.builder("console.station.reads").description("Reads of a viewer's whole station for its live stream")
                .register(meters);
        this.sent = Counter.builder("console.station.sent").description("Stations sent on live streams because a tile changed")
                .register(meters);
        Gauge.builder("console.station.streams", watchers, Set::size).description("Open central-station streams on this replica")
                .register(meters);
    }

    void start(@Observes StartupEvent started) {
        // The console's feed, and the newest measures (written by the gate's projection, apart from the feed).
        for (String channel : List.of(ConsoleFeed.CHANNEL, ReadingProjection.CHANNEL)) {
            notifications.listen(channel, new PostgresNotifications.Listener(this::changed,
                    () -> watchers.forEach(w -> w.lookAgainIn(SOON))));
        }
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

    /** Streams gone, revoked or too slow closed. */
    @Scheduled(every = "${console.stream-sweep:15s}", delayed = "${console.stream-sweep:15s}",
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void sweep() {
        for (Watcher w : watchers) {
            if (w.isClosed() || w.stream.revoked() || w.tooSlow()) {
                w.close();
            }
        }
    }

    /**
     * Event {@code alive} on every stream whose last read of the station worked: a page that hears neither it nor a
     * station for a while (a dead connection, a database away) says so and asks for the station itself.
     */
    @Scheduled(every = "${console.station-alive:5s}", delayed = "${console.station-alive:5s}",
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void sayAlive() {
        watchers.forEach(Watcher::keepAlive);
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

    private void changed(String sessionId) {
        watchers.forEach(w -> w.lookAgainIn(w.watching.contains(sessionId) ? SOON : LATER));
    }

    /** One open station stream: whose, what it shows, when it reads the station again. */
    private final class Watcher {
        private final String viewerId;
        private final String role;
        private final SseEventSink sink;
        private final Sse sse;
        private final OpenStream stream;
        private final RereadSchedule rereads;
        private final AtomicBoolean writing = new AtomicBoolean();
        private volatile Instant writingSince;
        /** Whether the last read of the station worked: "alive" is said only then. */
        private volatile boolean readWorked;
        volatile Set<String> watching = Set.of();
        ScheduledFuture<?> expiry;
        private String lastTiles;

        Watcher(String viewerId, String role, SseEventSink sink, Sse sse, OpenStream stream) {
            this.viewerId = viewerId;
            this.role = role;
            this.sink = sink;
            this.sse = sse;
            this.stream = stream;
            this.rereads = new RereadSchedule(executor, SOON, this::read);
        }

        void lookAgainIn(Duration wait) {
            rereads.within(wait);
        }

        /** Reads the station and sends it if its tiles changed; when to read again of its own accord, or null. */
        private Duration read() {
            if (isClosed()) {
                return null;
            }
            if (writing.get()) {
                return SOON; // the previous station is still on its way: the newest is read once it has gone
            }
            CentralStation.Station now;
            try {
                now = reads.record(() -> QuarkusTransaction.requiringNew().call(() -> station.of(viewerId, role)));
                readWorked = true;
            } catch (RuntimeException e) {
                readWorked = false;
                Log.debugf("a station stream could not read the station: %s", e.getMessage());
                return RETRY;
            }
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

        void keepAlive() {
            if (readWorked && !sink.isClosed() && !writing.get()) {
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
                rereads.stop();
                watchers.remove(this);
            }
        }
    }
}
