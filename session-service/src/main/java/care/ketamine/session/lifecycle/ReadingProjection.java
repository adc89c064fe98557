package care.ketamine.session.lifecycle;

import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.vitals.ReadingRecorded;
import care.ketamine.platform.consumer.DeadLetters;
import care.ketamine.platform.consumer.PollTogether;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.hibernate.Session;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Keeps each session's newest blood pressure and newest SpO2 from {@code vitals.observations}, each
 * from the newest reading that carries it (table {@code latest_measure}): a cuff and an oximeter send
 * separately, so an oximeter reading arriving after the cuff's never hides the cuff's blood pressure.
 * An older reading (a device's backlog, a redelivery) never replaces a newer one. Readings of sessions
 * whose id is not a session of this service are passed over. A poll is applied in one transaction
 * ({@link PollTogether}), with one statement for the newest of each session and measure in it.
 */
// Made at start, so that its meters are served at 0 before the first record (the dashboard and rules read them).
@Startup
@ApplicationScoped
public class ReadingProjection {

    /** Notified with a session id when its newest measures change (PostgreSQL NOTIFY, delivered on commit). */
    public static final String CHANNEL = "latest_measure";

    static final String BLOOD_PRESSURE = "blood-pressure";
    static final String SPO2 = "spo2";
    private static final String CONSUMER = "session-gate";

    private final EntityManager entityManager;
    private final DeadLetters deadLetters;

    public ReadingProjection(EntityManager entityManager,
                             @Channel("observations-dead-letters") MutinyEmitter<String> deadLetterTopic, MeterRegistry meters) {
        this.entityManager = entityManager;
        this.deadLetters = new DeadLetters(deadLetterTopic, meters.counter("sessions.observations.parked", "consumer", CONSUMER));
    }

    /** A reading and the session it belongs to. */
    record Reading(UUID sessionId, ReadingRecorded reading) {
    }

    @Incoming("observations")
    @Blocking
    public void onObservations(ConsumerRecords<String, String> poll) {
        PollTogether.apply(poll, ReadingProjection::read, this::keepNewest, deadLetters, CONSUMER);
    }

    private static Optional<Reading> read(String record) {
        if (!ReadingRecorded.TYPE.name().equals(EventJson.typeOf(record))) {
            return Optional.empty();
        }
        ReadingRecorded r = EventJson.read(record, ReadingRecorded.TYPE).payload();
        try {
            return Optional.of(new Reading(UUID.fromString(r.sessionId()), r));
        } catch (IllegalArgumentException | NullPointerException notOurs) {
            return Optional.empty();
        }
    }

    private void keepNewest(List<Reading> readings) {
        Map<String, Reading> newest = new LinkedHashMap<>();
        for (Reading r : readings) {
            if (r.reading().hasBloodPressure()) {
                newest.merge(r.sessionId() + "/" + BLOOD_PRESSURE, r, ReadingProjection::newer);
            }
            if (r.reading().spo2() != null) {
                newest.merge(r.sessionId() + "/" + SPO2, r, ReadingProjection::newer);
            }
        }
        entityManager.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement("""
                    INSERT INTO latest_measure (session_id, measure, systolic, diastolic, heart_rate, spo2, device_kind, measured_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (session_id, measure) DO UPDATE SET systolic = EXCLUDED.systolic,
                        diastolic = EXCLUDED.diastolic, heart_rate = EXCLUDED.heart_rate, spo2 = EXCLUDED.spo2,
                        device_kind = EXCLUDED.device_kind, measured_at = EXCLUDED.measured_at
                    WHERE latest_measure.measured_at < EXCLUDED.measured_at""")) {
                for (Map.Entry<String, Reading> entry : newest.entrySet()) {
                    ReadingRecorded r = entry.getValue().reading();
                    upsert.setObject(1, entry.getValue().sessionId());
                    upsert.setString(2, entry.getKey().substring(entry.getKey().indexOf('/') + 1));
                    upsert.setObject(3, r.systolic(), Types.INTEGER);
                    upsert.setObject(4, r.diastolic(), Types.INTEGER);
                    upsert.setObject(5, r.heartRate(), Types.INTEGER);
                    upsert.setObject(6, r.spo2(), Types.INTEGER);
                    upsert.setString(7, r.kindOrMonitor());
                    upsert.setTimestamp(8, Timestamp.from(r.measuredAt()));
                    upsert.addBatch();
                }
                upsert.executeBatch();
            }
            // The station shows these measures: its streams are told which sessions' changed, on commit.
            try (PreparedStatement notify = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
                for (String session : newest.values().stream().map(r -> r.sessionId().toString()).distinct().toList()) {
                    notify.setString(1, CHANNEL);
                    notify.setString(2, session);
                    notify.execute();
                }
            }
        });
    }

    private static Reading newer(Reading a, Reading b) {
        return b.reading().measuredAt().isAfter(a.reading().measuredAt()) ? b : a;
    }
}
