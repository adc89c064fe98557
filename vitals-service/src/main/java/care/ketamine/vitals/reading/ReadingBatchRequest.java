package care.ketamine.vitals.reading;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

@Schema(description = "A device's backlog of readings, for example after it was offline; at most 500")
public record ReadingBatchRequest(@Schema(required = true, maxItems = 500) List<ReadingRequest> readings) {
}
