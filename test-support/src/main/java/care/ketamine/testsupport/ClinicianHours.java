package care.ketamine.testsupport;

import java.time.Instant;
import java.time.ZoneOffset;

/** Clinicians for tests that book sessions a few hours ahead, whatever the time of day the tests run. */
public final class ClinicianHours {

    private ClinicianHours() {
    }

    /**
     * A timezone where it is about 01:00 at {@code now}, so that sessions booked up to ~20 hours ahead
     * fall within one local day's 00:00-23:59 hours (a session may not span the clinician's midnight).
     */
    public static String zoneWhereItIsEarlyMorning(Instant now) {
        int hoursAhead = Math.floorMod(1 - now.atZone(ZoneOffset.UTC).getHour(), 24);
        if (hoursAhead > 14) {
            hoursAhead -= 24;
        }
        // POSIX sign: Etc/GMT-5 is five hours ahead of UTC.
        return hoursAhead == 0 ? "Etc/GMT" : hoursAhead > 0 ? "Etc/GMT-" + hoursAhead : "Etc/GMT+" + (-hoursAhead);
    }
}
