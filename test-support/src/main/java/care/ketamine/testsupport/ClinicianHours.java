package care.ketamine.testsupport;

import java.time.DayOfWeek;
import java.util.Arrays;
import java.util.stream.Collectors;

import java.time.Instant;
import java.time.ZoneOffset;

/** Clinicians for tests that book sessions a few hours ahead, whatever the time of day the tests run. */
public final class ClinicianHours {

    private ClinicianHours() {
    }

    /** A clinician for POST /clinicians: an MD licensed in California, in {@code zone}, available all day every day. */
    public static String availableAllDay(String id, String displayName, String zone) {
        String days = Arrays.stream(DayOfWeek.values())
                .map(day -> "{\"day\": \"" + day + "\", \"from\": \"00:00\", \"to\": \"23:59\"}")
                .collect(Collectors.joining(", "));
        return """
                {"id": "%s", "displayName": "%s", "licenceType": "MD", "licensedStates": ["CA"], "timezone": "%s",
                 "availability": [%s]}""".formatted(id, displayName, zone, days);
    }

    /** As {@link #availableAllDay(String, String, String)}, in a zone where it is early morning on the tests' clock. */
    public static String availableAllDay(String id, String displayName) {
        return availableAllDay(id, displayName, zoneWhereItIsEarlyMorning(SettableClock.now()));
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
