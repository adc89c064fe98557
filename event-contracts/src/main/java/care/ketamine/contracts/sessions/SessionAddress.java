package care.ketamine.contracts.sessions;

import care.ketamine.contracts.intake.DosingAddress;

import java.time.Instant;

/**
 * The session's dosing address: the plan's, or the one a clinician recorded for today at check-in.
 * {@code confirmedBy} and {@code confirmedAt} are null until a clinician confirmed that the patient is there;
 * no dose is authorized before.
 */
public record SessionAddress(DosingAddress address, String confirmedBy, Instant confirmedAt) {

    public boolean confirmed() {
        return confirmedAt != null;
    }
}
