package care.ketamine.alerting.clinician;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.MalformedEventException;
import care.ketamine.contracts.sessions.ClinicianUpdated;
import care.ketamine.platform.consumer.EventHandlers;
import care.ketamine.platform.consumer.ProcessedEvents;
import care.ketamine.platform.security.DeactivatedAccounts;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Follows clinicians' (de)activation on {@code sessions.clinicians}: a deactivated clinician's tokens are refused
 * here, and their live streams close, from the moment the change commits on this replica (on the others at
 * their next reload of {@code clinician_activity}). A replayed or older event changes nothing; an unreadable
 * one goes to {@code sessions.clinicians.dlq}; a database outage is waited out rather than the event skipped
 * ({@link EventHandlers}).
 */
@ApplicationScoped
public class ClinicianActivityProjection {

    private final ClinicianActivity activity;
    private final DeactivatedAccounts accounts;
    private final EventHandlers handlers;

    public ClinicianActivityProjection(ProcessedEvents processed, ClinicianActivity activity, DeactivatedAccounts accounts,
                                       @Channel("clinicians-dead-letters") MutinyEmitter<String> deadLetterTopic,
                                       MeterRegistry meters) {
        this.activity = activity;
        this.accounts = accounts;
        this.handlers = EventHandlers.forConsumer("alerting-clinicians", deadLetterTopic, meters)
                .skippingRepeats(processed)
                .on(ClinicianUpdated.TYPE, this::clinicianUpdated);
    }

    @Incoming("clinicians")
    @Blocking
    public void onClinician(ConsumerRecord<String, String> record) {
        handlers.handle(record);
    }

    private void clinicianUpdated(EventEnvelope<ClinicianUpdated> event) {
        ClinicianUpdated clinician = event.payload();
        if (clinician.clinicianId() == null || clinician.clinicianId().isBlank() || clinician.updatedAt() == null) {
            throw new MalformedEventException("clinician.updated without a clinicianId or updatedAt");
        }
        if (activity.record(clinician)) {
            accounts.changed(clinician.clinicianId(), clinician.active());
        }
    }
}
