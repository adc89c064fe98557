package care.ketamine.contracts.intake;

import care.ketamine.contracts.EventType;

import java.time.Instant;

/**
 * A patient left the program: no further sessions may be scheduled on their plan. The clinician's
 * free-text reason stays in intake. Version 2 dropped reason.
 */
public record PatientDischarged(String patientId, String planId, String dischargedBy, Instant dischargedAt) {

    public static final EventType<PatientDischarged> TYPE =
            new EventType<>("patient.discharged", 2, PatientDischarged.class);
}
