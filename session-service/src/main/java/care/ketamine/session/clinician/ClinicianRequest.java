package care.ketamine.session.clinician;

import care.ketamine.session.domain.ClinicianProfile;
import care.ketamine.session.domain.LicenceType;
import care.ketamine.session.domain.WeeklyHours;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.Set;

@Schema(description = "A clinician: licence, states, time zone and weekly availability")
public record ClinicianRequest(
        @Schema(required = true, description = "The subject of the clinician's sign-in token", examples = "dr.okafor")
        String id,
        @Schema(required = true, examples = "Dr Ada Okafor") String displayName,
        @Schema(required = true, examples = "MD") LicenceType licenceType,
        @Schema(required = true, examples = "[\"CA\", \"OR\"]") Set<String> licensedStates,
        @Schema(required = true, examples = "America/Los_Angeles") String timezone,
        @Schema(required = true, description = "Weekly hours in the clinician's time zone") List<WeeklyHours> availability,
        @Schema(description = "Default true") Boolean active) {

    ClinicianProfile toProfile(String pathId) {
        return new ClinicianProfile(pathId == null ? id : pathId, displayName, licenceType, licensedStates, timezone,
                availability, active == null || active);
    }
}
