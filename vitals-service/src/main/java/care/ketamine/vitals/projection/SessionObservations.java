package care.ketamine.vitals.projection;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

@Schema(description = "A session's readings and check-ins in a window, oldest first")
public record SessionObservations(String sessionId, Instant from, Instant to, List<HistoricReading> readings,
                                  List<HistoricCheckIn> checkIns) {
}
