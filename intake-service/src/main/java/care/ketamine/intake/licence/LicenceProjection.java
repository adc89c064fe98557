package care.ketamine.intake.licence;

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
 * Keeps the licences of clinicians as session-service publishes them. Idempotent on the event id;
 * an event older than what is stored (a replay) changes nothing. A database outage is waited out;
 * unreadable records go to the DLQ ({@link EventHandlers}).
 * A clinician who is not active has every token refused here (DeactivatedAccounts, from this table).
 */
@ApplicationScoped
public class LicenceProjection {

    private final DeactivatedAccounts accounts;
    private final EventHandlers handlers;

    public LicenceProjection(ProcessedEvents processed, DeactivatedAccounts accounts,
                             @Channel("clinicians-dead-letters") MutinyEmitter<String> deadLetterTopic, MeterRegistry meters) {
        this.accounts = accounts;
        this.handlers = EventHandlers.forConsumer("intake-licences", deadLetterTopic, meters)
                .skippingRepeats(processed)
                .on(ClinicianUpdated.TYPE, this::clinicianUpdated);
    }

    @Incoming("clinicians")
    @Blocking
    public void onClinician(ConsumerRecord<String, String> record) {
        handlers.handle(record);
    }

    private void clinicianUpdated(EventEnvelope<ClinicianUpdated> event) {
        ClinicianUpdated c = event.payload();
        if (c.clinicianId() == null || c.clinicianId().isBlank() || c.updatedAt() == null) {
            throw new MalformedEventException("clinician.updated without a clinicianId or updatedAt");
        }
        ClinicianLicence licence = ClinicianLicence.findById(c.clinicianId());
        if (licence == null) {
            licence = new ClinicianLicence();
            licence.clinicianId = c.clinicianId();
        } else if (licence.updatedAt.isAfter(c.updatedAt())) {
            return;
        }
        licence.displayName = c.displayName();
        licence.licenceType = c.licenceType();
        licence.states = c.licensedStates().stream().sorted().toArray(String[]::new);
        licence.active = c.active();
        licence.updatedAt = c.updatedAt();
        licence.persist();
        accounts.changed(c.clinicianId(), c.active());
    }
}
