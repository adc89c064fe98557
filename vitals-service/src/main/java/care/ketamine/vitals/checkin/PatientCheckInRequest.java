package care.ketamine.vitals.checkin;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

@Schema(description = "The patient's check-in. The three dissociation questions are a brief check adapted from CADSS "
        + "items (0 not at all, 1 slightly, 2 moderately, 3 considerably, 4 extremely); an adaptation, not the validated CADSS.")
public record PatientCheckInRequest(
        @Schema(required = true, maxLength = 100, description = "The device's own id for this check-in; a replay with the same id is the same check-in")
        String checkInId,
        @Schema(description = "The prompt this answers; leave out for a check-in the patient starts (e.g. to say they are not OK)")
        String promptId,
        @Schema(required = true, minimum = "0", maximum = "4", description = "Do things seem unreal, as if in a dream?")
        Integer unreality,
        @Schema(required = true, minimum = "0", maximum = "4", description = "Do you feel disconnected from your body?")
        Integer bodyDisconnection,
        @Schema(required = true, minimum = "0", maximum = "4", description = "Does time seem to have sped up or slowed down?")
        Integer timeDistortion,
        @Schema(required = true, minimum = "0", maximum = "10", description = "Nausea, 0 none - 10 worst")
        Integer nausea,
        @Schema(required = true, minimum = "0", maximum = "10", description = "Anxiety, 0 none - 10 worst")
        Integer anxiety,
        @Schema(required = true, description = "I am OK")
        Boolean feelsOk,
        @Schema(required = true, description = "When the patient answered, UTC; at most 2 minutes in the future")
        Instant answeredAt) {
}
