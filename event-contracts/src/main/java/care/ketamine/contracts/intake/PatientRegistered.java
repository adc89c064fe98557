package care.ketamine.contracts.intake;

import care.ketamine.contracts.EventType;

import java.time.Instant;

/** A person became a patient. Only what other services need: no name, birth date or contact. */
public record PatientRegistered(String patientId, String usState, String timezone, Instant registeredAt) {

    public static final EventType<PatientRegistered> TYPE =
            new EventType<>("patient.registered", 1, PatientRegistered.class);
}
