package care.ketamine.session.lifecycle;

import care.ketamine.session.clinician.Clinician;
import care.ketamine.session.clinician.ClinicianLeave;
import care.ketamine.session.domain.ActivePlan;
import care.ketamine.session.domain.Booking;
import care.ketamine.session.domain.ClinicianCalendar;
import care.ketamine.session.domain.DosingHours;
import care.ketamine.session.domain.PatientCalendar;
import care.ketamine.session.domain.SessionState;
import care.ketamine.session.domain.SessionType;
import care.ketamine.session.domain.WeeklyHours;
import care.ketamine.session.plan.PatientPlan;
import com.fasterxml.jackson.core.type.TypeReference;
import care.ketamine.platform.json.StoredJson;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Builds the calendars the scheduling rules read, from the tables. */
@ApplicationScoped
public class Calendars {

    private final StoredJson json;
    private final DosingHours dosingHours;

    public Calendars(StoredJson json,
                     @ConfigProperty(name = "scheduling.patient-dosing-hours.from", defaultValue = "08:00") LocalTime from,
                     @ConfigProperty(name = "scheduling.patient-dosing-hours.to", defaultValue = "16:00") LocalTime to) {
        this.json = json;
        this.dosingHours = new DosingHours(from, to);
    }

    PatientCalendar patient(UUID patientId) {
        PatientPlan plan = PatientPlan.findById(patientId);
        ActivePlan active = plan == null || !plan.active ? null
                : new ActivePlan(plan.planId.toString(), plan.dosingSessions, plan.minDaysBetween);
        return new PatientCalendar(patientId.toString(), plan == null ? "" : plan.usState,
                plan == null ? null : ZoneId.of(plan.timezone), dosingHours, active,
                bookings(SessionRecord.list("patientId", patientId)));
    }

    ClinicianCalendar clinician(Clinician c) {
        List<ClinicianCalendar.Leave> leave = ClinicianLeave.<ClinicianLeave>list("clinicianId", c.id).stream()
                .map(l -> new ClinicianCalendar.Leave(l.startsOn, l.endsOn)).toList();
        return new ClinicianCalendar(c.id, c.active, Set.of(c.states), ZoneId.of(c.timezone), json.read(c.availability, new TypeReference<List<WeeklyHours>>() {
        }), leave,
                bookings(SessionRecord.list("clinicianId", c.id)));
    }

    /** Active clinicians licensed in the state. */
    List<ClinicianCalendar> licensedIn(String usState) {
        return Clinician.<Clinician>list("active = true").stream()
                .filter(c -> Set.of(c.states).contains(usState)).map(this::clinician).toList();
    }

    private static List<Booking> bookings(List<SessionRecord> sessions) {
        return sessions.stream().map(s -> new Booking(s.id.toString(), SessionType.valueOf(s.type), s.startsAt, s.endsAt,
                SessionState.valueOf(s.state), s.dosedAt)).toList();
    }

}
