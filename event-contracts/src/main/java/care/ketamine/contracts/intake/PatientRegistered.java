package care.ketamine.contracts.intake;

import care.ketamine.contracts.EventType;

import java.time.Instant;

/**
 * A person became a patient. No consumer needs more than the fact (scheduling learns the state and
 * time zone from treatment-plan.approved): no name, birth date, contact, state or time zone.
 * Version 2 dropped usState and timezone, which no consumer read.
 */
public record PatientRegistered(String patientId, Instant registeredAt) {

    public static final EventType<PatientRegistered> TYPE =
            new EventType<>("patient.registered", 2, PatientRegistered.class);
}
