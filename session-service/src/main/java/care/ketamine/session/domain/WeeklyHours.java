package care.ketamine.session.domain;

import java.time.DayOfWeek;
import java.time.LocalTime;

/** One block of a clinician's weekly availability, in the clinician's own time zone. */
public record WeeklyHours(DayOfWeek day, LocalTime from, LocalTime to) {
}
