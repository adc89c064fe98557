package care.ketamine.vitals.checkin;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

@Schema(description = "The sitter's check-in after looking in on the patient")
public record SitterCheckInRequest(
        @Schema(required = true, maxLength = 100, description = "The sitter app's own id for this check-in")
        String checkInId,
        @Schema(description = "The prompt this answers; leave out for a check-in the sitter starts")
        String promptId,
        @Schema(required = true, minimum = "0", maximum = "5", description = "MOAA/S as observed: 5 responds readily to "
                + "name in a normal tone, 4 lethargic response to name, 3 responds only after name is called loudly or "
                + "repeatedly, 2 responds only after mild prodding or shaking, 1 responds only after a painful stimulus, 0 no response")
        Integer moaas,
        @Schema(required = true, description = "The sitter is in the home, within voice range")
        Boolean sitterPresent,
        @Schema(required = true, description = "When the sitter answered, UTC")
        Instant answeredAt) {
}
