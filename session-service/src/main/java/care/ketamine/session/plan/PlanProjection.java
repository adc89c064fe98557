package care.ketamine.session.plan;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.intake.PatientDischarged;
import care.ketamine.contracts.intake.TreatmentPlanApproved;
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

import java.util.UUID;

/**
 * Keeps each patient's active plan from {@code intake.patients}: an approval replaces the plan,
 * a discharge deactivates it. Other intake events are passed over; a database outage is waited out;
 * unreadable records go to the DLQ ({@link EventHandlers}).
 */
@ApplicationScoped
public class PlanProjection {

    private final StoredJson json;
    private final EventHandlers handlers;

    public PlanProjection(ProcessedEvents processed, StoredJson json,
                          @Channel("patients-dead-letters") MutinyEmitter<String> deadLetterTopic, MeterRegistry meters) {
        this.json = json;
        this.handlers = EventHandlers.forConsumer("session-plans", deadLetterTopic, meters)
                .skippingRepeats(processed)
                .on(TreatmentPlanApproved.TYPE, event -> approved(event.payload()))
                .on(PatientDischarged.TYPE, this::discharged);
    }

    @Incoming("patients")
    @Blocking
    public void onPatientEvent(ConsumerRecord<String, String> record) {
        handlers.handle(record);
    }

    private void discharged(EventEnvelope<PatientDischarged> event) {
        PatientPlan plan = PatientPlan.findById(UUID.fromString(event.payload().patientId()));
        if (plan != null) {
            plan.active = false;
            plan.updatedAt = event.payload().dischargedAt();
        }
    }

    private void approved(TreatmentPlanApproved p) {
        UUID patientId = UUID.fromString(p.patientId());
        PatientPlan plan = PatientPlan.findById(patientId);
        if (plan == null) {
            plan = new PatientPlan();
            plan.patientId = patientId;
        } else if (plan.updatedAt.isAfter(p.approvedAt())) {
            return; // a replay of an older plan
        }
        plan.planId = UUID.fromString(p.planId());
        plan.usState = p.usState();
        plan.timezone = p.timezone();
        plan.dosingSessions = p.dosingSessions();
        plan.minDaysBetween = p.minDaysBetweenDoses();
        plan.doseMg = p.doseMg();
        plan.thresholds = json.write(p.thresholds());
        plan.baselineSystolic = p.baselineSystolic();
        plan.baselineDiastolic = p.baselineDiastolic();
        plan.sitter = json.write(p.sitter());
        plan.emergencyContact = json.write(p.emergencyContact());
        // Null (an event from before intake carried them) stays null: not recorded, which is not "none".
        plan.medicationsOfConcern = p.medicationsOfConcern() == null ? null
                : p.medicationsOfConcern().toArray(String[]::new);
        // Null (an event from before plans carried it) stays null: vitals applies its own setting.
        plan.patientQuietFromMinutes = p.patientQuietWindow() == null ? null : p.patientQuietWindow().fromMinutes();
        plan.patientQuietUntilMinutes = p.patientQuietWindow() == null ? null : p.patientQuietWindow().untilMinutes();
        // Null: the plan names no address (or predates them); it is recorded at check-in.
        plan.dosingAddress = p.dosingAddress() == null ? null : json.write(p.dosingAddress());
        // Absent (an event from before plans carried it) is on, the safe choice.
        plan.textSitterOnCriticalAlerts = p.sitterTexted();
        // Null (an event from before plans carried it) leaves the console showing the patient's short id.
        plan.patientGivenName = p.patient() == null ? null : p.patient().givenName();
        plan.patientFamilyName = p.patient() == null ? null : p.patient().familyName();
        plan.patientBirthDate = p.patient() == null ? null : p.patient().dateOfBirth();
        plan.active = true;
        plan.updatedAt = p.approvedAt();
        plan.persist();
    }
}
