package care.ketamine.session.session;

import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.vitals.ReadingRecorded;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.UUID;

/**
 * Keeps the newest reading of each session from {@code vitals.observations}: an older reading
 * (a device's backlog, a redelivery) never replaces a newer one. Readings of sessions whose id
 * is not a session of this service are passed over.
 */
@ApplicationScoped
public class ReadingProjection {

    @Incoming("observations")
    @Blocking
    @Transactional
    public void onObservation(String record) {
        if (!ReadingRecorded.TYPE.name().equals(EventJson.typeOf(record))) {
            return;
        }
        ReadingRecorded r = EventJson.read(record, ReadingRecorded.TYPE).payload();
        UUID sessionId;
        try {
            sessionId = UUID.fromString(r.sessionId());
        } catch (IllegalArgumentException notOurs) {
            return;
        }
        LatestReading latest = LatestReading.findById(sessionId);
        if (latest == null) {
            latest = new LatestReading();
            latest.sessionId = sessionId;
        } else if (!r.measuredAt().isAfter(latest.measuredAt)) {
            return;
        }
        latest.systolic = r.systolic();
        latest.diastolic = r.diastolic();
        latest.heartRate = r.heartRate();
        latest.spo2 = r.spo2();
        latest.measuredAt = r.measuredAt();
        latest.persist();
    }
}
