package care.ketamine.session.device;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

@Schema(description = "A paired device and its token: enter the token on the device; it is shown once")
public record Pairing(UUID deviceId, UUID sessionId, String role, String label, Instant expiresAt, String token,
                      @Schema(description = "bp-cuff, pulse-oximeter, monitor or sitter-phone") String kind,
                      @Schema(description = "The cadence the device declared, in seconds; null for the kind's default")
                      Integer cadenceSeconds,
                      String manufacturer, String model, String firmware) {
}
