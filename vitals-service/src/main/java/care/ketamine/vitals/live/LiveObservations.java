package care.ketamine.vitals.live;

import care.ketamine.contracts.vitals.ObservationKinds;
import care.ketamine.platform.live.FeedReader;
import care.ketamine.platform.live.ResumableStreams;
import care.ketamine.platform.live.OpenStream;
import care.ketamine.platform.notify.PostgresNotifications;
import care.ketamine.vitals.projection.ObservationStore;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

/**
 * Live streams of sessions' observations (table observation_feed, positioned by Kafka offset: all
 * of a session's events are on one partition), on every replica, woken by the projection's NOTIFY.
 */
@ApplicationScoped
public class LiveObservations {

    private final ResumableStreams feed;
    private final PostgresNotifications notifications;

    public LiveObservations(AgroalDataSource dataSource, PostgresNotifications notifications, MeterRegistry meters) {
        this.notifications = notifications;
        this.feed = new ResumableStreams(new FeedReader(dataSource, "observation_feed", "kafka_offset"), ObservationKinds::streamName,
                "live-observations");
        Gauge.builder("vitals.live.streams", feed, ResumableStreams::openStreams)
                .description("Open live observation streams on this replica").register(meters);
    }

    void start(@Observes StartupEvent started) {
        feed.listen(notifications, ObservationStore.CHANNEL);
    }

    void stop(@Observes ShutdownEvent stopping) {
        feed.shutdown();
    }

    public void follow(String sessionId, Long lastEventId, SseEventSink sink, Sse sse, OpenStream stream) {
        feed.follow(sessionId, lastEventId, sink, sse, stream);
    }

    @Scheduled(every = "15s", delayed = "15s",
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void keepAlive() {
        feed.keepAliveAndForgetClosed();
    }
}
