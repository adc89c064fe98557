package care.ketamine.vitals.projection;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "A stored check-in. Patient: the brief dissociation check adapted from CADSS items (0-4 each; "
        + "not the validated CADSS), nausea and anxiety 0-10, feelsOk. Sitter: moaas 0-5 as observed, sitterPresent.")
public record HistoricCheckIn(UUID eventId, String checkInId, String promptId, String respondent, String deviceId,
                              Integer unreality, Integer bodyDisconnection, Integer timeDistortion, Integer nausea,
                              Integer anxiety, Boolean feelsOk, Integer moaas, Boolean sitterPresent,
                              Instant answeredAt, Instant receivedAt) {
}
