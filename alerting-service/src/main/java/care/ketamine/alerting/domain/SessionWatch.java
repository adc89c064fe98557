package care.ketamine.alerting.domain;

import care.ketamine.contracts.sessions.SessionStates;

import java.time.Instant;

/**
 * What alerting knows of a session from {@code sessions.lifecycle}: who is responsible, where the
 * session is, the plan's thresholds and the pre-dose reading that rises are measured against.
 *
 * @param preDoseSystolic null until the pre-dose gate has a reading
 */
public record SessionWatch(String sessionId, String patientId, String clinicianId, String state, Instant dosedAt,
                           Thresholds thresholds, Integer preDoseSystolic, Integer preDoseDiastolic) {

    /** The same session with its dose time given on another clock. */
    public SessionWatch withDosedAt(Instant at) {
        return new SessionWatch(sessionId, patientId, clinicianId, state, at, thresholds, preDoseSystolic, preDoseDiastolic);
    }

    /** A session alerting has not heard of yet: the defaults apply. */
    public static SessionWatch unknown(String sessionId) {
        return new SessionWatch(sessionId, null, null, null, null, Thresholds.defaults(), null, null);
    }

    /**
     * The tablet was taken and the patient is not yet discharged ({@link SessionStates#AFTER_DOSE}),
     * including a dosed session aborted early: the device must keep reporting.
     */
    public boolean underMonitoring() {
        return state != null && SessionStates.AFTER_DOSE.contains(state);
    }
}
