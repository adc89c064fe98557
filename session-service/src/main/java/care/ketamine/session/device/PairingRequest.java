package care.ketamine.session.device;

import care.ketamine.contracts.security.Roles;
import care.ketamine.platform.problem.FreeText;
import care.ketamine.platform.problem.TextLimit;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import static care.ketamine.platform.problem.TextLimit.Kind.NAME;

/**
 * A device to pair. The annotations are the request's shape; whether its kind is the role's and its cadence within
 * the kind's bounds is {@code DeviceDeclaration}.
 */
@Schema(description = "A device to pair: a patient's reading device (patient-device: a BP cuff, a pulse oximeter or a "
        + "combined monitor) or the sitter's phone (sitter)")
public record PairingRequest(@Schema(required = true, enumeration = {"patient-device", "sitter"})
                             @NotNull(message = ROLE_RULE) @Pattern(regexp = Roles.PATIENT_DEVICE + "|" + Roles.SITTER,
                                     message = ROLE_RULE) String role,
                             @Schema(required = true, maxLength = FreeText.NAME_CHARACTERS,
                                     examples = "Omron BP7000 in the living room")
                             @NotBlank @TextLimit(NAME) String label,
                             @Schema(enumeration = {"bp-cuff", "pulse-oximeter", "monitor", "patient-phone", "sitter-phone"},
                                     description = "What the device is. Default: monitor for a patient-device (the combined "
                                             + "device clients paired before kinds existed), sitter-phone for a sitter")
                             String kind,
                             @Schema(description = "How often the device sends, in seconds, as it declares; device silence is "
                                     + "judged against it. pulse-oximeter 1-60, bp-cuff 60-3600, monitor 10-900; none for a "
                                     + "sitter-phone. Absent: the kind's default (a cuff 5 min in the first hour after the "
                                     + "dose, then 15 min; an oximeter 5 s; a monitor 1 min)")
                             Integer cadenceSeconds,
                             @Schema(maxLength = FreeText.NAME_CHARACTERS,
                                     description = "As the device reports it (Bluetooth Device Information)")
                             @TextLimit(NAME) String manufacturer,
                             @Schema(maxLength = FreeText.NAME_CHARACTERS) @TextLimit(NAME) String model,
                             @Schema(maxLength = FreeText.NAME_CHARACTERS) @TextLimit(NAME) String firmware) {

    static final String ROLE_RULE = "must be " + Roles.PATIENT_DEVICE + " or " + Roles.SITTER;

    /** A pairing as clients before device kinds sent it: a combined monitor or a sitter phone. */
    public PairingRequest(String role, String label) {
        this(role, label, null, null, null, null, null);
    }
}
