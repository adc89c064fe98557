package care.ketamine.session.console;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.vitals.ReadingRecorded;
import care.ketamine.contracts.alerts.AlertSnapshot;
import care.ketamine.contracts.alerts.NotificationOutcome;
import care.ketamine.contracts.sessions.SessionChanged;
import care.ketamine.contracts.vitals.ObservationKinds;
import care.ketamine.platform.consumer.DeadLetters;
import care.ketamine.platform.consumer.EventHandlers;
import care.ketamine.platform.consumer.PollTogether;
import care.ketamine.platform.notify.PostgresNotifications;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.Optional;

/**
 * Feeds the console from Kafka: observations from vitals, alert changes from alerting, and the
 * sessions' own moves. Each record lands in the session's console feed once; alert snapshots are
 * also kept (newest version wins) with whom they were notified to, for the alert panels. A database outage is
 * waited out; only unreadable records are parked ({@link PollTogether} for observations, {@link EventHandlers}
 * for the rest).
 */
// Made at start, so that its meters are served at 0 before the first record (the dashboard and rules read them).
@Startup
@ApplicationScoped
public class ConsoleProjection {

    /** The channel of pages to a person's live screens: the console shows them and answers (ConsolePageInbox). */
    private static final String PAGED_ON_SCREEN = "sse";
    private static final String OBSERVATIONS_CONSUMER = "session-console-observations";

    private final ConsoleFeed feed;
    private final ConsoleTrend trend;
    private final EntityManager entityManager;
    private final DeadLetters deadLetters;
    private final EventHandlers lifecycle;
    private final EventHandlers alertEvents;

    public ConsoleProjection(ConsoleFeed feed, ConsoleTrend trend, EntityManager entityManager,
                             @Channel("console-dead-letters") MutinyEmitter<String> deadLetterTopic,
                             @Channel("console-lifecycle-dead-letters") MutinyEmitter<String> lifecycleDeadLetters,
                             @Channel("console-alerts-dead-letters") MutinyEmitter<String> alertDeadLetters,
                             MeterRegistry meters) {
        this.feed = feed;
        this.trend = trend;
        this.entityManager = entityManager;
        this.deadLetters = new DeadLetters(deadLetterTopic,
                meters.counter("sessions.observations.parked", "consumer", OBSERVATIONS_CONSUMER));
        this.lifecycle = EventHandlers.forConsumer("session-console-lifecycle", lifecycleDeadLetters, meters)
                .onWithRecord(SessionChanged.TYPE, this::sessionChanged);
        this.alertEvents = EventHandlers.forConsumer("session-console-alerts", alertDeadLetters, meters)
                .onWithRecord(AlertSnapshot.RAISED, this::alertChanged)
                .onWithRecord(AlertSnapshot.UPDATED, this::alertChanged)
                .onWithRecord(AlertSnapshot.ESCALATED, this::alertChanged)
                .onWithRecord(AlertSnapshot.ACKNOWLEDGED, this::alertChanged)
                .onWithRecord(AlertSnapshot.RESOLVED, this::alertChanged)
                .on(NotificationOutcome.SENT, this::notificationSent)
                .on(NotificationOutcome.DELIVERED, this::notificationDelivered);
    }

    /** An observation for the feed: its type, its envelope and the record as it came. */
    record Observation(String type, EventEnvelope<?> event, String json) {
    }

    /** A poll of observations (an oximeter sends about one a second per patient) in one transaction. */
    @Incoming("console-observations")
    @Blocking
    public void onObservations(ConsumerRecords<String, String> poll) {
        PollTogether.apply(poll, ConsoleProjection::observation, observations -> {
            observations.forEach(o -> feed.append(o.event().aggregateId(), o.event().eventId(), o.type(), o.json(),
                    o.event().occurredAt()));
            trend.record(observations.stream().filter(o -> o.event().payload() instanceof ReadingRecorded)
                    .map(o -> (ReadingRecorded) o.event().payload()).toList());
        }, deadLetters, OBSERVATIONS_CONSUMER);
    }

    private static Optional<Observation> observation(String record) {
        String type = EventJson.typeOf(record);
        if (!ObservationKinds.TYPES.containsKey(type)) {
            return Optional.empty();
        }
        return Optional.of(new Observation(type, EventJson.read(record, ObservationKinds.TYPES.get(type)), record));
    }

    @Incoming("console-lifecycle")
    @Blocking
    public void onSessionChanged(ConsumerRecord<String, String> record) {
        lifecycle.handle(record);
    }

    @Incoming("console-alerts")
    @Blocking
    public void onAlertEvent(ConsumerRecord<String, String> record) {
        alertEvents.handle(record);
    }

    private void sessionChanged(EventEnvelope<SessionChanged> event, String record) {
        feed.append(event.aggregateId(), event.eventId(), SessionChanged.TYPE.name(), record, event.occurredAt());
    }

    private void alertChanged(EventEnvelope<AlertSnapshot> event, String record) {
        AlertSnapshot a = event.payload();
        entityManager.createNativeQuery("""
                        INSERT INTO console_alert (alert_id, session_id, status, version, snapshot, updated_at)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                        ON CONFLICT (alert_id) DO UPDATE SET status = excluded.status, version = excluded.version,
                            snapshot = excluded.snapshot, updated_at = excluded.updated_at
                        WHERE console_alert.version < excluded.version""")
                .setParameter(1, a.alertId()).setParameter(2, a.sessionId()).setParameter(3, a.status())
                .setParameter(4, a.version()).setParameter(5, EventJson.write(event)).setParameter(6, event.occurredAt())
                .executeUpdate();
        feed.append(a.sessionId(), event.eventId(), event.type(), record, event.occurredAt());
    }

    private void notificationSent(EventEnvelope<NotificationOutcome> event) {
        NotificationOutcome n = event.payload();
        entityManager.createNativeQuery("INSERT INTO console_alert_recipient (alert_id, recipient) "
                + "VALUES (?1, ?2) ON CONFLICT DO NOTHING").setParameter(1, n.alertId()).setParameter(2, n.recipient())
                .executeUpdate();
        // The person paged now watches the session on their station: their station streams look again.
        PostgresNotifications.send(entityManager, ConsoleFeed.CHANNEL, n.sessionId());
        if (PAGED_ON_SCREEN.equals(n.channel())) {
            entityManager.createNativeQuery("""
                            INSERT INTO console_page (notification_id, alert_id, session_id, recipient, kind, sent_at)
                            VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING""")
                    .setParameter(1, n.notificationId()).setParameter(2, n.alertId()).setParameter(3, n.sessionId())
                    .setParameter(4, n.recipient()).setParameter(5, n.kind()).setParameter(6, n.at()).executeUpdate();
        }
    }

    /**
     * Delivered (this console answered, another of the person's screens did, or another channel had a receipt):
     * nothing left to answer for.
     */
    private void notificationDelivered(EventEnvelope<NotificationOutcome> event) {
        NotificationOutcome n = event.payload();
        entityManager.createNativeQuery(
                        "UPDATE console_page SET answered_at = ?2 WHERE notification_id = ?1 AND answered_at IS NULL")
                .setParameter(1, n.notificationId()).setParameter(2, n.at()).executeUpdate();
    }
}
