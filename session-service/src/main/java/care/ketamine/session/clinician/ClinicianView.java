package care.ketamine.session.clinician;

import care.ketamine.session.domain.WeeklyHours;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;

@Schema(description = "A clinician with their leave")
public record ClinicianView(String id, String displayName, String licenceType, boolean prescriber, Set<String> licensedStates,
                            String timezone, List<WeeklyHours> availability, boolean active, List<Leave> leave,
                            Instant updatedAt) {

    public record Leave(UUID id, LocalDate startsOn, LocalDate endsOn, String reason) {
    }
}
