package care.ketamine.session.device;

import care.ketamine.contracts.security.Roles;
import care.ketamine.platform.problem.FreeText;
import care.ketamine.platform.problem.TextLimit;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import static care.ketamine.platform.problem.TextLimit.Kind.NAME;

@Schema(description = "Whose phone the code pairs: the patient's (patient-device) or the sitter's (sitter)")
public record PhonePairingRequest(@Schema(required = true, enumeration = {"patient-device", "sitter"})
                                  @NotNull(message = PairingRequest.ROLE_RULE)
                                  @Pattern(regexp = Roles.PATIENT_DEVICE + "|" + Roles.SITTER,
                                          message = PairingRequest.ROLE_RULE) String role,
                                  @Schema(maxLength = FreeText.NAME_CHARACTERS,
                                          description = "How the console names the phone; default \"Patient's phone\" "
                                                  + "or \"Sitter's phone\"")
                                  @TextLimit(NAME) String label) {
}
