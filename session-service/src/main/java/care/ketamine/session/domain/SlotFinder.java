package care.ketamine.session.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** Free slots for a patient and a session type: every start the scheduling rules allow, soonest first. */
public final class SlotFinder {

    /** Candidate starts are on the half hour. */
    static final Duration STEP = Duration.ofMinutes(30);

    private final SchedulingRules rules = new SchedulingRules();

    public record Slot(String clinicianId, Instant start, Instant end) {
    }

    public List<Slot> find(SessionType type, Duration duration, PatientCalendar patient, List<ClinicianCalendar> clinicians,
                           Instant from, Instant to, Instant now, int limit) {
        List<Slot> slots = new ArrayList<>();
        Instant start = roundUp(from.isAfter(now) ? from : now);
        for (; start.isBefore(to) && slots.size() < limit; start = start.plus(STEP)) {
            for (ClinicianCalendar clinician : clinicians) {
                if (rules.check(type, start, duration, patient, clinician, now, null).isEmpty()) {
                    slots.add(new Slot(clinician.clinicianId(), start, start.plus(duration)));
                    if (slots.size() == limit) {
                        break;
                    }
                }
            }
        }
        return slots;
    }

    private static Instant roundUp(Instant t) {
        Instant hour = t.truncatedTo(ChronoUnit.HOURS);
        while (hour.isBefore(t)) {
            hour = hour.plus(STEP);
        }
        return hour.equals(t) ? t.plus(STEP) : hour;
    }
}
