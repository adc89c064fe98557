package care.ketamine.session.device;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "A pairing code as the phone read it from the QR code or the patient typed it")
public record PhonePairingRedemption(@Schema(required = true, maxLength = 40, examples = "7KQ2-M9XD")
                                     @NotBlank @Size(max = 40) String code) {
}
