package care.ketamine.session.clinician;

import care.ketamine.session.domain.ClinicianProfile;
import care.ketamine.session.domain.LicenceType;
import care.ketamine.session.domain.WeeklyHours;
import care.ketamine.platform.problem.FreeText;
import care.ketamine.platform.problem.TextLimit;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.Set;

/**
 * A clinician as an admin describes them. The annotations are the request's shape; the id's form (from the body or
 * the path), the states, the time zone and the hours are {@link ClinicianProfile#problems()}.
 */
@Schema(description = "A clinician: licence, states, time zone and weekly availability")
public record ClinicianRequest(
        @Schema(required = true, description = "The subject of the clinician's sign-in token", examples = "dr.okafor")
        String id,
        @Schema(required = true, examples = "Dr Ada Okafor", maxLength = FreeText.NAME_CHARACTERS,
                description = "At most " + FreeText.NAME_CHARACTERS + " characters and " + FreeText.NAME_BYTES + " bytes (UTF-8)")
        @NotBlank @TextLimit(TextLimit.Kind.NAME) String displayName,
        @Schema(required = true, examples = "MD") @NotNull LicenceType licenceType,
        @Schema(required = true, examples = "[\"CA\", \"OR\"]")
        @NotEmpty(message = "must name at least one US state") Set<String> licensedStates,
        @Schema(required = true, examples = "America/Los_Angeles") String timezone,
        @Schema(required = true, description = "Weekly hours in the clinician's time zone (may be empty)")
        @NotNull(message = "is required (may be empty)") List<WeeklyHours> availability,
        @Schema(description = "Default true") Boolean active) {

    ClinicianProfile toProfile(String pathId) {
        return new ClinicianProfile(pathId == null ? id : pathId, displayName, licenceType, licensedStates, timezone,
                availability, active == null || active);
    }
}
