package care.ketamine.platform.notify;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * PostgreSQL NOTIFY/LISTEN between the replicas of a service: a transaction that changes something
 * live streams show sends {@code pg_notify(channel, payload)}, which PostgreSQL delivers only when it
 * commits, to every replica listening. One dedicated connection per service listens; when it is
 * lost and comes back, each listener is told to catch up ({@code onReconnect}), because
 * notifications sent meanwhile are gone.
 */
@ApplicationScoped
public class PostgresNotifications {

    /** What a channel's listener does with a payload, and how it catches up after a lost connection. */
    public record Listener(Consumer<String> onPayload, Runnable onReconnect) {
    }

    private final Map<String, List<Listener>> listeners = new ConcurrentHashMap<>();
    private final String url;
    private final String user;
    private final String password;
    private volatile boolean running;
    private Thread thread;

    public PostgresNotifications(@ConfigProperty(name = "quarkus.datasource.jdbc.url") String url,
                                 @ConfigProperty(name = "quarkus.datasource.username") String user,
                                 @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.url = url;
        this.user = user;
        this.password = password.orElse("");
    }

    /**
     * Listens on the channel from now on, beside the channel's other listeners (each told every payload, in the order
     * they listened); the first call starts the listening thread. A listener should be quick: they share one thread.
     */
    public synchronized void listen(String channel, Listener listener) {
        listeners.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(listener);
        if (thread == null) {
            running = true;
            thread = new Thread(this::listenLoop, "postgres-notifications");
            thread.setDaemon(true);
            thread.start();
        } else {
            // The running loop LISTENs on channels it knows at (re)connect: reconnect to add this one.
            reconnect = true;
        }
    }

    private volatile boolean reconnect;

    /** Sends a notification in the caller's transaction; delivered when it commits. */
    public static void send(EntityManager entityManager, String channel, String payload) {
        entityManager.createNativeQuery("SELECT pg_notify(?1, ?2)").setParameter(1, channel).setParameter(2, payload)
                .getSingleResult();
    }

    void stop(@Observes ShutdownEvent stopping) {
        running = false;
    }

    /**
     * A listener loads what the payload names (an id) from the database; a moment's trouble there (a pool
     * timeout, a failover) must not lose a page on a live screen, so it is tried again, for about 2 s.
     */
    private static void deliver(Listener listener, String payload) {
        long[] pauses = {0, 250, 750, 1_000};
        for (int attempt = 0; attempt < pauses.length; attempt++) {
            try {
                Thread.sleep(pauses[attempt]);
                listener.onPayload().accept(payload);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                Log.warnf("a notification listener failed (attempt %d of %d): %s", attempt + 1, pauses.length, e.getMessage());
            }
        }
    }

    private void listenLoop() {
        while (running) {
            reconnect = false;
            try (Connection connection = DriverManager.getConnection(url, user, password);
                 Statement listen = connection.createStatement()) {
                for (String channel : listeners.keySet()) {
                    listen.execute("LISTEN " + channel);
                }
                listeners.values().forEach(each -> each.forEach(l -> l.onReconnect().run()));
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running && !reconnect) {
                    PGNotification[] notifications = pg.getNotifications(500);
                    if (notifications != null) {
                        for (PGNotification n : notifications) {
                            for (Listener listener : listeners.getOrDefault(n.getName(), List.of())) {
                                deliver(listener, n.getParameter());
                            }
                        }
                    }
                }
            } catch (Exception e) {
                if (running) {
                    Log.warnf("lost the database connection that listens for notifications, reconnecting: %s", e.getMessage());
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }
}
