package care.ketamine.session.device;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

@Schema(description = "A paired device and its token: enter the token on the device; it is shown once")
public record Pairing(UUID deviceId, UUID sessionId, String role, String label, Instant expiresAt, String token) {
}
