package care.ketamine.alerting.clinician;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.MalformedEventException;
import care.ketamine.contracts.sessions.ClinicianUpdated;
import care.ketamine.platform.consumer.ProcessedEvents;
import care.ketamine.platform.consumer.TransactionAttempts;
import care.ketamine.platform.security.DeactivatedAccounts;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.Duration;

/**
 * Follows clinicians' (de)activation on {@code sessions.clinicians}: a deactivated clinician's tokens are refused
 * here, and their live streams close, from the moment the change commits on this replica (on the others at
 * their next reload of {@code clinician_activity}). A replayed or older event changes nothing; an unreadable
 * one goes to {@code sessions.clinicians.dlq}; a database outage is waited out rather than the event skipped.
 */
@ApplicationScoped
public class ClinicianActivityProjection {

    private final ProcessedEvents processed;
    private final ClinicianActivity activity;
    private final DeactivatedAccounts accounts;

    public ClinicianActivityProjection(ProcessedEvents processed, ClinicianActivity activity, DeactivatedAccounts accounts) {
        this.processed = processed;
        this.activity = activity;
        this.accounts = accounts;
    }

    @Incoming("clinicians")
    @Blocking
    public void onClinician(String record) {
        EventEnvelope<ClinicianUpdated> event = EventJson.read(record, ClinicianUpdated.TYPE);
        ClinicianUpdated clinician = event.payload();
        if (clinician.clinicianId() == null || clinician.clinicianId().isBlank() || clinician.updatedAt() == null) {
            throw new MalformedEventException("clinician.updated without a clinicianId or updatedAt");
        }
        TransactionAttempts.run(11, Duration.ofMillis(500), () -> {
            if (processed.firstDelivery(event.eventId()) && activity.record(clinician)) {
                accounts.changed(clinician.clinicianId(), clinician.active());
            }
        });
    }
}
