package care.ketamine.intake.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A clinician's licence as session-service publishes it. Approving at-home ketamine is a
 * prescribing decision: the clinician must be an active prescriber licensed in the patient's state.
 */
public record Licence(String clinicianId, String licenceType, Set<String> states, boolean active) {

    /** Licence types that may prescribe (the other types in the program may guide sessions, not approve). */
    public static final Set<String> PRESCRIBERS = Set.of("MD", "DO", "NP", "PA");

    /** Why this clinician may not approve a patient in this state; empty when they may. */
    public List<String> refusalsFor(String patientState) {
        List<String> refusals = new ArrayList<>();
        if (!active) {
            refusals.add("the clinician is not active");
        }
        if (!PRESCRIBERS.contains(licenceType)) {
            refusals.add("a " + licenceType + " licence may not approve ketamine treatment (prescribers: MD, DO, NP, PA)");
        }
        if (!states.contains(patientState)) {
            refusals.add("the clinician is not licensed in " + patientState + ", the patient's state");
        }
        return refusals;
    }
}
