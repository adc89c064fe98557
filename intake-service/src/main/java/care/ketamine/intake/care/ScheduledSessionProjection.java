package care.ketamine.intake.care;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.MalformedEventException;
import care.ketamine.contracts.sessions.SessionChanged;
import care.ketamine.platform.consumer.EventHandlers;
import care.ketamine.platform.consumer.ProcessedEvents;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.UUID;

/**
 * Which clinician is scheduled with which patient, from session-service's sessions.lifecycle: the
 * session's latest clinician and state. Only the ids and the state are kept. Idempotent on the
 * event id; an event older than what is stored changes nothing; a database outage is waited out;
 * unreadable records go to the DLQ ({@link EventHandlers}).
 */
@ApplicationScoped
public class ScheduledSessionProjection {

    private final EntityManager entityManager;
    private final EventHandlers handlers;

    public ScheduledSessionProjection(ProcessedEvents processed, EntityManager entityManager,
                                      @Channel("sessions-dead-letters") MutinyEmitter<String> deadLetterTopic,
                                      MeterRegistry meters) {
        this.entityManager = entityManager;
        this.handlers = EventHandlers.forConsumer("intake-care-team", deadLetterTopic, meters)
                .skippingRepeats(processed)
                .on(SessionChanged.TYPE, this::sessionChanged);
    }

    @Incoming("sessions")
    @Blocking
    public void onSessionChanged(ConsumerRecord<String, String> record) {
        handlers.handle(record);
    }

    private void sessionChanged(EventEnvelope<SessionChanged> event) {
        SessionChanged s = event.payload();
        if (s.sessionId() == null || s.patientId() == null || s.clinicianId() == null || s.state() == null || s.at() == null) {
            throw new MalformedEventException("session.changed without session, patient, clinician, state or time");
        }
        UUID patientId;
        try {
            patientId = UUID.fromString(s.patientId());
        } catch (IllegalArgumentException e) {
            throw new MalformedEventException("session.changed with a patient id that is not a UUID");
        }
        entityManager.createNativeQuery("""
                        INSERT INTO scheduled_session (session_id, patient_id, clinician_id, state, updated_at)
                        VALUES (?1, ?2, ?3, ?4, ?5)
                        ON CONFLICT (session_id) DO UPDATE SET patient_id = EXCLUDED.patient_id,
                            clinician_id = EXCLUDED.clinician_id, state = EXCLUDED.state, updated_at = EXCLUDED.updated_at
                        WHERE scheduled_session.updated_at <= EXCLUDED.updated_at""")
                .setParameter(1, s.sessionId()).setParameter(2, patientId).setParameter(3, s.clinicianId())
                .setParameter(4, s.state()).setParameter(5, s.at()).executeUpdate();
    }
}
