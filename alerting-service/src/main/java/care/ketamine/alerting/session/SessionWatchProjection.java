package care.ketamine.alerting.session;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.sessions.PairedDevice;
import care.ketamine.contracts.sessions.SessionChanged;
import care.ketamine.contracts.sessions.SessionStates;
import care.ketamine.platform.consumer.EventHandlers;
import care.ketamine.platform.consumer.ProcessedEvents;
import care.ketamine.platform.json.StoredJson;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Follows {@code sessions.lifecycle}: each session's clinician, state, dose time, the plan's
 * thresholds (session-service folds the approved plan into every event), the pre-dose reading, the
 * sitter (and whether the plan has them texted) and the emergency contact, the dosing address with its emergency number, and each paired device's kind and cadence until it is revoked
 * (the device-silence rule's streams). A failed pre-dose gate informs the clinician. A session that
 * ends resolves none of its alerts: each stays open, and escalates, until a person resolves it.
 * Events of a session come in order on one partition; an older one is ignored, and a redelivered one is skipped
 * (the gate's alert is raised once). A database outage is waited out; unreadable records go to the DLQ
 * ({@link EventHandlers}).
 */
@ApplicationScoped
public class SessionWatchProjection {

    static final String DEVICE_PAIRED = "DEVICE_PAIRED";
    static final String DEVICE_REVOKED = "DEVICE_REVOKED";

    private final StoredJson json;
    private final SessionMoves moves;
    private final SessionWatches sessions;
    private final EventHandlers handlers;

    public SessionWatchProjection(StoredJson json, ProcessedEvents processed, SessionMoves moves, SessionWatches sessions,
                                  @Channel("lifecycle-dead-letters") MutinyEmitter<String> deadLetterTopic, MeterRegistry meters) {
        this.json = json;
        this.moves = moves;
        this.sessions = sessions;
        this.handlers = EventHandlers.forConsumer("alerting-sessions", deadLetterTopic, meters)
                .skippingRepeats(processed)
                .on(SessionChanged.TYPE, this::sessionChanged);
    }

    @Incoming("lifecycle")
    @Blocking
    public void onSessionChanged(ConsumerRecord<String, String> record) {
        handlers.handle(record);
    }

    private void sessionChanged(EventEnvelope<SessionChanged> event) {
        SessionChanged change = event.payload();
        WatchedSession s = WatchedSession.findById(change.sessionId());
        if (s == null) {
            s = new WatchedSession();
            s.sessionId = change.sessionId();
        } else if (s.updatedAt.isAfter(change.at())) {
            return;
        }
        s.patientId = change.patientId();
        s.clinicianId = change.clinicianId();
        s.state = change.state();
        s.dosedAt = change.dosedAt();
        s.thresholds = change.thresholds() == null ? null : json.write(change.thresholds());
        s.preDoseSystolic = change.preDoseSystolic();
        s.preDoseDiastolic = change.preDoseDiastolic();
        // Device events carry no contacts (minimal PHI on Kafka): keep the ones the session's other events gave.
        if (change.sitter() != null) {
            s.sitter = json.write(change.sitter());
            // The plan's word on texting the sitter travels with them; none (an older event) is on.
            s.textSitter = change.textSitterOnCriticalAlerts();
        }
        if (change.emergencyContact() != null) {
            s.emergencyContact = json.write(change.emergencyContact());
        }
        // Likewise the dosing address: device events carry none.
        if (change.dosingAddress() != null) {
            s.dosingAddress = json.write(change.dosingAddress().address());
            s.addressConfirmedBy = change.dosingAddress().confirmedBy();
            s.addressConfirmedAt = change.dosingAddress().confirmedAt();
        }
        s.updatedAt = change.at();
        s.persist();

        if (change.deviceId() != null && DEVICE_PAIRED.equals(change.change())) {
            // Readings name their device by its token subject; the pairing by its bare id.
            sessions.devicePaired(change.sessionId(), PairedDevice.subjectOf(change.deviceId()), change.device(), change.at());
        } else if (change.deviceId() != null && DEVICE_REVOKED.equals(change.change())) {
            sessions.deviceRevoked(change.sessionId(), PairedDevice.subjectOf(change.deviceId()), change.at());
        }

        if (SessionStates.ended(change.state())) {
            sessions.monitoringEnded(change.sessionId());
        }
        if (change.change().equals(change.state())) { // a move of the session, not a device or schedule change
            moves.moved(change.sessionId(), change.state(), change.reason(), change.at());
        }
    }
}
