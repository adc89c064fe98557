package care.ketamine.session.domain;

import java.time.ZoneId;
import java.util.List;

/**
 * A patient as scheduling sees them: their state and zone (from the plan), the hours a dose may
 * start in that zone, their active plan (null when none, or discharged) and their sessions so far.
 */
public record PatientCalendar(String patientId, String usState, ZoneId zone, DosingHours dosingHours, ActivePlan plan,
                              List<Booking> sessions) {
}
