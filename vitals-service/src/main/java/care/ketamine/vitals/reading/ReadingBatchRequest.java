package care.ketamine.vitals.reading;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

@Schema(description = "A device's readings sent together: an oximeter's samples of the last few seconds, or a backlog after "
        + "the device was offline; at most 500")
public record ReadingBatchRequest(
        @Schema(required = true, maxItems = 500) List<ReadingRequest> readings,
        @Schema(description = "The device clock's current time as the batch is sent (a coincident time stamp), for every "
                + "reading that carries none of its own", examples = "2026-11-26T15:00:03Z")
        Instant deviceTime) {
}
