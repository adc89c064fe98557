package care.ketamine.contracts.intake;

import care.ketamine.contracts.EventType;

import java.time.Instant;

/** A patient left the program: no further sessions may be scheduled on their plan. */
public record PatientDischarged(String patientId, String planId, String reason, String dischargedBy, Instant dischargedAt) {

    public static final EventType<PatientDischarged> TYPE =
            new EventType<>("patient.discharged", 1, PatientDischarged.class);
}
