package care.ketamine.session.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a session may be booked: the patient's plan, series and permitted dosing hours, the
 * clinician's licence, hours, leave and calendar. Times are instants (UTC); the clinician's hours
 * and leave are read in the clinician's zone and the patient's dosing hours in the patient's, so a
 * booking is right across a daylight-saving change. Every broken rule is listed.
 */
public final class SchedulingRules {

    public List<Breach> check(SessionType type, Instant start, Duration duration, PatientCalendar patient,
                              ClinicianCalendar clinician, Instant now, String ignoreSessionId) {
        List<Breach> breaches = new ArrayList<>();
        Instant end = start.plus(duration);
        if (!start.isAfter(now)) {
            breaches.add(new Breach("start", "must be in the future"));
        }
        if (duration.compareTo(type.minimum()) < 0) {
            breaches.add(new Breach("durationMinutes", "a " + type + " session blocks at least "
                    + type.minimum().toMinutes() + " minutes"));
        }
        List<Booking> patientSessions = patient.sessions().stream()
                .filter(b -> !b.sessionId().equals(ignoreSessionId)).toList();
        if (patient.plan() == null) {
            breaches.add(new Breach("patientId", "the patient has no approved treatment plan"));
        } else if (type == SessionType.DOSING) {
            dosingRules(start, patient.plan(), patientSessions, breaches);
        }
        if (type == SessionType.DOSING && patient.zone() != null && !patient.dosingHours().permits(start, patient.zone())) {
            breaches.add(new Breach("start", patient.dosingHours().refusal(start, patient.zone())));
        }
        if (patientSessions.stream().anyMatch(b -> b.holdsTime() && b.overlaps(start, end))) {
            breaches.add(new Breach("start", "the patient has another session at that time"));
        }
        clinicianRules(start, end, patient.usState(), clinician, ignoreSessionId, breaches);
        return breaches;
    }

    private static void dosingRules(Instant start, ActivePlan plan, List<Booking> sessions, List<Breach> breaches) {
        boolean prepared = sessions.stream()
                .anyMatch(b -> b.type() == SessionType.PREPARATION && b.state() == SessionState.COMPLETED);
        if (!prepared) {
            breaches.add(new Breach("type", "a DOSING session needs a completed PREPARATION session first"));
        }
        List<Booking> doses = sessions.stream().filter(Booking::usesADose).toList();
        if (doses.size() >= plan.dosingSessions()) {
            breaches.add(new Breach("type", "the plan's series of " + plan.dosingSessions()
                    + " dosing sessions is used up: a new plan is needed"));
        }
        Duration gap = Duration.ofDays(plan.minDaysBetweenDoses());
        if (doses.stream().anyMatch(d -> Duration.between(d.start(), start).abs().compareTo(gap) < 0)) {
            breaches.add(new Breach("start", "doses must be at least " + plan.minDaysBetweenDoses() + " days apart"));
        }
    }

    private static void clinicianRules(Instant start, Instant end, String patientState, ClinicianCalendar c,
                                       String ignoreSessionId, List<Breach> breaches) {
        if (!c.active()) {
            breaches.add(new Breach("clinicianId", "the clinician is not active"));
        }
        if (!c.licensedStates().contains(patientState)) {
            breaches.add(new Breach("clinicianId", "the clinician is not licensed in " + patientState + ", the patient's state"));
        }
        ZonedDateTime localStart = start.atZone(c.zone());
        ZonedDateTime localEnd = end.atZone(c.zone());
        boolean withinHours = localStart.toLocalDate().equals(localEnd.toLocalDate()) && c.hours().stream().anyMatch(h ->
                h.day() == localStart.getDayOfWeek()
                        && !localStart.toLocalTime().isBefore(h.from())
                        && !localEnd.toLocalTime().isAfter(h.to()));
        if (!withinHours) {
            breaches.add(new Breach("start", "outside the clinician's hours (" + localStart.toLocalDateTime() + " to "
                    + localEnd.toLocalTime() + " " + c.zone() + ")"));
        }
        if (c.leave().stream().anyMatch(l -> l.covers(localStart.toLocalDate()) || l.covers(localEnd.toLocalDate()))) {
            breaches.add(new Breach("start", "the clinician is on leave that day"));
        }
        if (c.bookings().stream().anyMatch(b -> !b.sessionId().equals(ignoreSessionId) && b.holdsTime()
                && b.overlaps(start, end))) {
            breaches.add(new Breach("start", "the clinician is already booked at that time"));
        }
    }
}
