package care.ketamine.session.device;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

@Schema(description = "A code that pairs one phone: show the QR code (or read out the code) to the patient or the sitter. "
        + "It works once, until expiresAt, and only while it is the newest code for this session and role")
public record PhonePairingCode(UUID sessionId, String role, String label,
                               @Schema(description = "Eight characters shown as two groups of four, e.g. 7KQ2-M9XD")
                               String code,
                               Instant expiresAt,
                               @Schema(description = "How long the code works from this answer, in seconds, for a "
                                       + "count-down that does not depend on the browser's clock")
                               long validForSeconds,
                               @Schema(description = "The app's address with the code after '#', which a browser never "
                                       + "sends to a server (so no access log holds it); what the QR code holds")
                               String pairUrl,
                               @Schema(description = "The QR code of pairUrl as an SVG document")
                               String qrSvg) {
}
