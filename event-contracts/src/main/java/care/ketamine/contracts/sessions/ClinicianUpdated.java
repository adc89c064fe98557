package care.ketamine.contracts.sessions;

import care.ketamine.contracts.EventType;

import java.time.Instant;
import java.util.Set;

/**
 * A clinician as session-service (the owner) knows them now: licence type, the US states they
 * are licensed in, and whether they practise. Each event replaces the previous one; key: clinicianId,
 * which is also the subject of the clinician's token.
 */
public record ClinicianUpdated(String clinicianId, String displayName, String licenceType, Set<String> licensedStates,
                               boolean active, Instant updatedAt) {

    public static final EventType<ClinicianUpdated> TYPE =
            new EventType<>("clinician.updated", 1, ClinicianUpdated.class);
}
