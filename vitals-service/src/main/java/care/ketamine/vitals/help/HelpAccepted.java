package care.ketamine.vitals.help;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.UUID;

@Schema(description = "The help request is acknowledged by the broker: alerting pages the clinician on call")
public record HelpAccepted(String sessionId, String helpId, String requestedBy, UUID eventId) {
}
