package care.ketamine.benchmark;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.intake.MonitoringThresholds;
import care.ketamine.contracts.intake.TreatmentPlanApproved;
import care.ketamine.contracts.sessions.SessionChanged;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/** Sessions put under monitoring for a run, announced on sessions.lifecycle as session-service would. */
public final class MonitoredSessions {

    private MonitoredSessions() {
    }

    /** Every session dosed a minute ago and monitored since, for a 2.5-hour session, by {@code clinician}. */
    public static void announce(String kafka, Collection<String> sessions, String clinician) throws Exception {
        try (KafkaProducer<String, String> producer = producer(kafka)) {
            Instant at = Instant.now().minusSeconds(60);
            MonitoringThresholds thresholds = new MonitoringThresholds(160, 90, 100, 160, 100, 40, 25, 120, 50, 92, 90);
            TreatmentPlanApproved.Person sitter = new TreatmentPlanApproved.Person("Sam", "+1 415 555 0188", "spouse");
            for (String session : sessions) {
                SessionChanged changed = new SessionChanged(session, "patient-" + session, clinician, "DOSING", "MONITORING",
                        "DOSED", "MONITORING", clinician, "benchmark", at, at, at.plusSeconds(9000), at, thresholds, 124, 80,
                        null, null, 15, 120, sitter, sitter, null);
                producer.send(new ProducerRecord<>(Topics.SESSIONS_LIFECYCLE, session,
                        EventJson.write(EventEnvelope.wrap(SessionChanged.TYPE, session, changed, Clock.systemUTC()))));
            }
            producer.flush();
        }
    }

    /** acks=all and idempotence, as the services produce. */
    public static KafkaProducer<String, String> producer(String kafka) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), new StringSerializer());
    }
}
