package care.ketamine.session.console;

import care.ketamine.contracts.vitals.ObservationKinds;
import care.ketamine.platform.live.FeedReader;
import care.ketamine.platform.live.ResumableStreams;
import care.ketamine.platform.live.StreamLimits;
import care.ketamine.platform.notify.PostgresNotifications;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.Instant;
import java.util.UUID;

/**
 * What the console shows of a session, in commit order (table console_feed), and its live streams.
 * A session's position counter row is locked by each writer until it commits, so positions grow in
 * commit order, whichever topic the event came from.
 */
@ApplicationScoped
public class ConsoleFeed {

    static final String CHANNEL = "console";

    private final EntityManager entityManager;
    private final PostgresNotifications notifications;
    private final ResumableStreams live;
    private final StreamLimits limits;

    public ConsoleFeed(EntityManager entityManager, PostgresNotifications notifications, AgroalDataSource dataSource,
                       StreamLimits limits) {
        this.entityManager = entityManager;
        this.notifications = notifications;
        this.limits = limits;
        this.live = new ResumableStreams(new FeedReader(dataSource, "console_feed", "position"), ConsoleFeed::eventName, "console-feed");
    }

    /** The SSE event name of a feed type: reading, patient-check-in, sitter-check-in, prompt, alert, session. */
    static String eventName(String type) {
        return "session.changed".equals(type) ? "session" : type.startsWith("alert.") ? "alert" : ObservationKinds.streamName(type);
    }

    void start(@Observes StartupEvent started) {
        live.listen(notifications, CHANNEL);
    }

    void stop(@Observes ShutdownEvent stopping) {
        live.shutdown();
    }

    @Scheduled(every = "${console.stream-sweep:15s}", delayed = "${console.stream-sweep:15s}",
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void keepAlive() {
        live.keepAliveAndForgetClosed();
    }

    /** Within the platform's stream limits: capped per person and replica (429), ended when the token expires. */
    public void follow(String sessionId, Long lastEventId, SseEventSink sink, Sse sse, JsonWebToken token) {
        live.follow(sessionId, lastEventId, sink, sse, limits.admit(token));
    }

    /** Appends an event to the session's feed once (by event id), in the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void append(String sessionId, UUID eventId, String type, String json, Instant at) {
        long position = ((Number) entityManager.createNativeQuery("""
                        INSERT INTO console_position (session_id, last) VALUES (?1, 1)
                        ON CONFLICT (session_id) DO UPDATE SET last = console_position.last + 1 RETURNING last""")
                .setParameter(1, sessionId).getSingleResult()).longValue();
        int added = entityManager.createNativeQuery("""
                        INSERT INTO console_feed (session_id, position, event_id, type, event, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                        ON CONFLICT DO NOTHING""")
                .setParameter(1, sessionId).setParameter(2, position).setParameter(3, eventId).setParameter(4, type)
                .setParameter(5, json).setParameter(6, at).executeUpdate();
        if (added == 1) {
            PostgresNotifications.send(entityManager, CHANNEL, sessionId);
        }
    }
}
