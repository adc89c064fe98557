package care.ketamine.vitals.reading;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.UUID;

/** The answer to an accepted reading: it is on the broker and will not be lost. */
@Schema(description = "The reading is acknowledged by the broker")
public record ReadingAccepted(String sessionId, String readingId, UUID eventId) {
}
