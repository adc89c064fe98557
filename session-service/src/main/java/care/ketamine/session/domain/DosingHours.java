package care.ketamine.session.domain;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * The local times between which a dose may start in the patient's own zone (by default 08:00 to
 * 16:00), so that the two hours of monitoring after it end in the daytime. Both ends are
 * included. The local time is read with the zone's rules at that instant, so a start on a
 * daylight-saving day is judged by the clock on the patient's wall.
 */
public record DosingHours(LocalTime from, LocalTime to) {

    public DosingHours {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("permitted dosing hours must start before they end: " + from + "-" + to);
        }
    }

    public boolean permits(Instant start, ZoneId zone) {
        LocalTime local = start.atZone(zone).toLocalTime();
        return !local.isBefore(from) && !local.isAfter(to);
    }

    /** The reason a start is refused, in the patient's words of time. */
    String refusal(Instant start, ZoneId zone) {
        ZonedDateTime local = start.atZone(zone);
        return "outside the patient's permitted dosing hours (" + from + " to " + to + " " + zone + "; this start is "
                + local.toLocalDateTime() + " there)";
    }
}
