package care.ketamine.vitals.presence;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

@Schema(description = "The sitter stepped out of the home (out of voice range) or came back")
public record SitterPresenceRequest(
        @Schema(required = true, maxLength = 100, description = "The sitter app's own id for this change; a replay with "
                + "the same id is the same change")
        String presenceId,
        @Schema(required = true, description = "true: back with the patient; false: stepped out")
        Boolean present,
        @Schema(required = true, description = "When it happened, UTC; at most 2 minutes in the future. Changes sent late "
                + "count by this time: the newest is where the sitter is")
        Instant at) {
}
