package care.ketamine.vitals.checkin;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.UUID;

@Schema(description = "The check-in is acknowledged by the broker")
public record CheckInAccepted(String sessionId, String checkInId, String promptId, UUID eventId) {
}
