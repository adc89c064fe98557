package care.ketamine.contracts.vitals;

import care.ketamine.contracts.EventType;

import java.time.Instant;

/**
 * The patient answered a check-in. The dissociation items are a brief check adapted from CADSS
 * items (each 0 not at all - 4 extremely); it is an adaptation, not the validated CADSS scale.
 *
 * @param promptId the prompt this answers; null for a check-in the patient started (for example "I am not OK")
 * @param unreality         "Do things seem unreal, as if in a dream?" 0-4
 * @param bodyDisconnection "Do you feel disconnected from your body?" 0-4
 * @param timeDistortion    "Does time seem to have changed, sped up or slowed down?" 0-4
 * @param nausea            0-10
 * @param anxiety           0-10
 * @param feelsOk           the patient's own "I am OK"
 */
public record PatientCheckedIn(String checkInId, String promptId, String sessionId, String deviceId,
                               int unreality, int bodyDisconnection, int timeDistortion, int nausea, int anxiety,
                               boolean feelsOk, Instant answeredAt, Instant receivedAt) {

    public static final EventType<PatientCheckedIn> TYPE = new EventType<>("check-in.patient", 1, PatientCheckedIn.class);

    /** The adaptation's total, 0-12 (not a CADSS score). */
    public int dissociationTotal() {
        return unreality + bodyDisconnection + timeDistortion;
    }
}
