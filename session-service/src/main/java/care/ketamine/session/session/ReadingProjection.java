package care.ketamine.session.session;

import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.vitals.ReadingRecorded;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.UUID;

/**
 * Keeps each session's newest blood pressure and newest SpO2 from {@code vitals.observations}, each
 * from the newest reading that carries it (table {@code latest_measure}): a cuff and an oximeter send
 * separately, so an oximeter reading arriving after the cuff's never hides the cuff's blood pressure.
 * An older reading (a device's backlog, a redelivery) never replaces a newer one. Readings of sessions
 * whose id is not a session of this service are passed over.
 */
@ApplicationScoped
public class ReadingProjection {

    static final String BLOOD_PRESSURE = "blood-pressure";
    static final String SPO2 = "spo2";

    private final EntityManager entityManager;

    public ReadingProjection(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

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
        if (r.hasBloodPressure()) {
            keepIfNewer(sessionId, BLOOD_PRESSURE, r);
        }
        if (r.spo2() != null) {
            keepIfNewer(sessionId, SPO2, r);
        }
    }

    private void keepIfNewer(UUID sessionId, String measure, ReadingRecorded r) {
        entityManager.createNativeQuery("""
                        INSERT INTO latest_measure (session_id, measure, systolic, diastolic, heart_rate, spo2, device_kind,
                                                    measured_at)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                        ON CONFLICT (session_id, measure) DO UPDATE SET systolic = EXCLUDED.systolic,
                            diastolic = EXCLUDED.diastolic, heart_rate = EXCLUDED.heart_rate, spo2 = EXCLUDED.spo2,
                            device_kind = EXCLUDED.device_kind, measured_at = EXCLUDED.measured_at
                        WHERE latest_measure.measured_at < EXCLUDED.measured_at""")
                .setParameter(1, sessionId).setParameter(2, measure)
                .setParameter(3, r.systolic()).setParameter(4, r.diastolic()).setParameter(5, r.heartRate())
                .setParameter(6, r.spo2()).setParameter(7, r.kindOrMonitor()).setParameter(8, r.measuredAt())
                .executeUpdate();
    }
}
