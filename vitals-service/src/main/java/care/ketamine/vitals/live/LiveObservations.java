package care.ketamine.vitals.live;

import care.ketamine.vitals.projection.ObservationStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Live streams of sessions' observations, on every replica. The projection (on whichever replica
 * owns the session's partition) commits the events and NOTIFYs the session id; this replica LISTENs
 * and wakes the streams of that session, which read their feed from where they are. After the
 * listening connection is lost and re-established, every stream looks again, so nothing committed
 * in between is missed.
 */
@ApplicationScoped
public class LiveObservations {

    private final Map<String, Set<Follower>> followers = new ConcurrentHashMap<>();
    private final FeedReader feed;
    private final String url;
    private final String user;
    private final String password;
    private final ExecutorService drains = Executors.newFixedThreadPool(4, runnable -> {
        Thread thread = new Thread(runnable, "live-observations");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean running;
    private Thread listener;

    public LiveObservations(FeedReader feed, MeterRegistry meters,
                            @ConfigProperty(name = "quarkus.datasource.jdbc.url") String url,
                            @ConfigProperty(name = "quarkus.datasource.username") String user,
                            @ConfigProperty(name = "quarkus.datasource.password") java.util.Optional<String> password) {
        this.feed = feed;
        this.url = url;
        this.user = user;
        this.password = password.orElse("");
        Gauge.builder("vitals.live.streams", followers, f -> f.values().stream().mapToInt(Set::size).sum())
                .description("Open live observation streams on this replica").register(meters);
    }

    void start(@Observes StartupEvent started) {
        running = true;
        listener = new Thread(this::listen, "live-observations-listener");
        listener.setDaemon(true);
        listener.start();
    }

    void stop(@Observes ShutdownEvent stopping) {
        running = false;
        drains.shutdownNow();
    }

    /** Streams the session to the sink: from after {@code lastEventId}, or the latest values first when it is null. */
    public void follow(String sessionId, Long lastEventId, SseEventSink sink, Sse sse) {
        Follower follower = new Follower(sessionId, lastEventId, sink, sse, feed, drains);
        // Registered before the first read: a notification from now on wakes it, so nothing falls in between.
        followers.computeIfAbsent(sessionId, id -> ConcurrentHashMap.newKeySet()).add(follower);
        follower.wakeUp();
    }

    @Scheduled(every = "15s", delayed = "15s")
    void keepAliveAndForgetClosed() {
        followers.values().forEach(set -> set.removeIf(f -> {
            f.keepAlive();
            f.wakeUp(); // a safety net: a stream whose last read failed looks again even if nothing new is notified
            return f.isClosed();
        }));
        followers.values().removeIf(Set::isEmpty);
    }

    private void wake(String sessionId) {
        Set<Follower> following = followers.get(sessionId);
        if (following != null) {
            following.forEach(Follower::wakeUp);
        }
    }

    private void listen() {
        while (running) {
            try (Connection connection = DriverManager.getConnection(url, user, password);
                 Statement listen = connection.createStatement()) {
                listen.execute("LISTEN " + ObservationStore.CHANNEL);
                followers.keySet().forEach(this::wake);
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(1000);
                    if (notifications != null) {
                        for (PGNotification n : notifications) {
                            wake(n.getParameter());
                        }
                    }
                }
            } catch (Exception e) {
                if (running) {
                    Log.warnf("live observations lost their database connection, reconnecting: %s", e.getMessage());
                    sleepASecond();
                }
            }
        }
    }

    private static void sleepASecond() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
