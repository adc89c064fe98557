package care.ketamine.intake.licence;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.MalformedEventException;
import care.ketamine.contracts.sessions.ClinicianUpdated;
import care.ketamine.platform.consumer.ProcessedEvents;
import care.ketamine.platform.security.DeactivatedAccounts;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.reactive.messaging.Incoming;


/**
 * Keeps the licences of clinicians as session-service publishes them. Idempotent on the event id;
 * an event older than what is stored (a replay) changes nothing. Unreadable records go to the DLQ.
 * A clinician who is not active has every token refused here (DeactivatedAccounts, from this table).
 */
@ApplicationScoped
public class LicenceProjection {

    private final ProcessedEvents processed;
    private final DeactivatedAccounts accounts;

    public LicenceProjection(ProcessedEvents processed, DeactivatedAccounts accounts) {
        this.processed = processed;
        this.accounts = accounts;
    }

    @Incoming("clinicians")
    @Blocking
    @Transactional
    public void onClinician(String record) {
        EventEnvelope<ClinicianUpdated> event = EventJson.read(record, ClinicianUpdated.TYPE);
        ClinicianUpdated c = event.payload();
        if (c.clinicianId() == null || c.clinicianId().isBlank() || c.updatedAt() == null) {
            throw new MalformedEventException("clinician.updated without a clinicianId or updatedAt");
        }
        if (!processed.firstDelivery(event.eventId())) {
            return;
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
