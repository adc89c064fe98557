package care.ketamine.vitals.presence;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.UUID;

@Schema(description = "The change is acknowledged by the broker")
public record SitterPresenceAccepted(String sessionId, String presenceId, boolean present, UUID eventId) {
}
