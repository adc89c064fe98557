package care.ketamine.session.domain;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/** A clinician as scheduling sees them: licences, weekly hours and leave in their zone, and their bookings. */
public record ClinicianCalendar(String clinicianId, boolean active, Set<String> licensedStates, ZoneId zone,
                                List<WeeklyHours> hours, List<Leave> leave, List<Booking> bookings) {

    /** Days away, inclusive, in the clinician's zone. */
    public record Leave(LocalDate from, LocalDate to) {
        boolean covers(LocalDate day) {
            return !day.isBefore(from) && !day.isAfter(to);
        }
    }
}
