package care.ketamine.session.device;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "A device to pair: a patient's reading device (patient-device: a BP cuff, a pulse oximeter or a "
        + "combined monitor) or the sitter's phone (sitter)")
public record PairingRequest(@Schema(required = true, enumeration = {"patient-device", "sitter"}) String role,
                             @Schema(required = true, maxLength = 200, examples = "Omron BP7000 in the living room") String label,
                             @Schema(enumeration = {"bp-cuff", "pulse-oximeter", "monitor", "sitter-phone"},
                                     description = "What the device is. Default: monitor for a patient-device (the combined "
                                             + "device clients paired before kinds existed), sitter-phone for a sitter")
                             String kind,
                             @Schema(description = "How often the device sends, in seconds, as it declares; device silence is "
                                     + "judged against it. pulse-oximeter 1-60, bp-cuff 60-3600, monitor 10-900; none for a "
                                     + "sitter-phone. Absent: the kind's default (a cuff 5 min in the first hour after the "
                                     + "dose, then 15 min; an oximeter 5 s; a monitor 1 min)")
                             Integer cadenceSeconds,
                             @Schema(maxLength = 200, description = "As the device reports it (Bluetooth Device Information)")
                             String manufacturer,
                             @Schema(maxLength = 200) String model,
                             @Schema(maxLength = 200) String firmware) {

    /** A pairing as clients before device kinds sent it: a combined monitor or a sitter phone. */
    public PairingRequest(String role, String label) {
        this(role, label, null, null, null, null, null);
    }
}
