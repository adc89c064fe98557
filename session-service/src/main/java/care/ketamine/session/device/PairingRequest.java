package care.ketamine.session.device;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "A device to pair: the patient's monitor (patient-device) or the sitter's phone (sitter)")
public record PairingRequest(@Schema(required = true, enumeration = {"patient-device", "sitter"}) String role,
                             @Schema(required = true, maxLength = 200, examples = "Omron BP7000 in the living room") String label) {
}
