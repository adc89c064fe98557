package care.ketamine.session.domain;

import java.util.List;

/**
 * A patient as scheduling sees them: their state, their active plan (null when none, or
 * discharged) and their sessions so far.
 */
public record PatientCalendar(String patientId, String usState, ActivePlan plan, List<Booking> sessions) {
}
