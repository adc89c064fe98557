package care.ketamine.session.session;

import care.ketamine.platform.problem.Problem;
import care.ketamine.platform.problem.ProblemException;
import care.ketamine.session.clinician.Clinician;
import care.ketamine.session.clinician.ClinicianLeave;
import care.ketamine.session.domain.ActivePlan;
import care.ketamine.session.domain.Booking;
import care.ketamine.session.domain.Breach;
import care.ketamine.session.domain.ClinicianCalendar;
import care.ketamine.session.domain.PatientCalendar;
import care.ketamine.session.domain.SchedulingRules;
import care.ketamine.session.domain.SessionState;
import care.ketamine.session.domain.SessionType;
import care.ketamine.session.domain.WeeklyHours;
import care.ketamine.session.plan.PatientPlan;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Use cases: schedulers book and reschedule sessions; anyone allowed cancels one with a reason. */
@ApplicationScoped
public class ScheduleSession {

    private final SessionBook book;
    private final ObjectMapper json;
    private final Clock clock;
    private final SchedulingRules rules = new SchedulingRules();

    public ScheduleSession(SessionBook book, ObjectMapper json, Clock clock) {
        this.book = book;
        this.json = json;
        this.clock = clock;
    }

    @Transactional
    public SessionView schedule(ScheduleRequest r, String actor) {
        List<Breach> missing = new ArrayList<>();
        if (r == null) {
            throw invalid(List.of(new Breach("body", "is required")));
        }
        required(missing, "patientId", r.patientId());
        required(missing, "clinicianId", r.clinicianId());
        required(missing, "type", r.type());
        required(missing, "start", r.start());
        if (r.durationMinutes() != null && (r.durationMinutes() < 15 || r.durationMinutes() > 480)) {
            missing.add(new Breach("durationMinutes", "must be between 15 and 480"));
        }
        if (!missing.isEmpty()) {
            throw invalid(missing);
        }
        Duration duration = Duration.ofMinutes(r.durationMinutes() != null ? r.durationMinutes()
                : r.type() == SessionType.DOSING ? 150 : 60);
        PatientPlan plan = PatientPlan.findById(r.patientId());
        Clinician clinician = Clinician.findById(r.clinicianId());
        if (clinician == null) {
            throw invalid(List.of(new Breach("clinicianId", "no such clinician")));
        }
        conflicts(rules.check(r.type(), r.start(), duration, patientCalendar(r.patientId(), plan),
                clinicianCalendar(clinician), clock.instant(), null));

        SessionRecord s = new SessionRecord();
        s.id = UUID.randomUUID();
        s.patientId = r.patientId();
        s.clinicianId = r.clinicianId();
        s.planId = plan.planId;
        s.type = r.type().name();
        s.state = SessionState.SCHEDULED.name();
        s.startsAt = r.start();
        s.endsAt = r.start().plus(duration);
        s.persist();
        book.record(s, "SCHEDULED", null, actor, "scheduled", clock.instant());
        return book.view(s);
    }

    @Transactional
    public SessionView reschedule(UUID id, Instant start, String reason, String actor) {
        List<Breach> missing = new ArrayList<>();
        required(missing, "start", start);
        if (reason == null || reason.isBlank()) {
            missing.add(new Breach("reason", "is required to reschedule"));
        }
        if (!missing.isEmpty()) {
            throw invalid(missing);
        }
        SessionRecord s = book.require(id);
        if (!SessionState.SCHEDULED.name().equals(s.state)) {
            throw new ProblemException(Response.Status.CONFLICT, "Only a SCHEDULED session can be rescheduled; this one is " + s.state);
        }
        Duration duration = Duration.between(s.startsAt, s.endsAt);
        PatientPlan plan = PatientPlan.findById(s.patientId);
        conflicts(rules.check(SessionType.valueOf(s.type), start, duration, patientCalendar(s.patientId, plan),
                clinicianCalendar(Clinician.findById(s.clinicianId)), clock.instant(), s.id.toString()));
        s.startsAt = start;
        s.endsAt = start.plus(duration);
        book.record(s, "RESCHEDULED", s.state, actor, reason.strip(), clock.instant());
        return book.view(s);
    }

    private PatientCalendar patientCalendar(UUID patientId, PatientPlan plan) {
        ActivePlan active = plan == null || !plan.active ? null
                : new ActivePlan(plan.planId.toString(), plan.dosingSessions, plan.minDaysBetween);
        return new PatientCalendar(patientId.toString(), plan == null ? "" : plan.usState, active,
                bookings(SessionRecord.list("patientId", patientId)));
    }

    private ClinicianCalendar clinicianCalendar(Clinician c) {
        List<ClinicianCalendar.Leave> leave = ClinicianLeave.<ClinicianLeave>list("clinicianId", c.id).stream()
                .map(l -> new ClinicianCalendar.Leave(l.startsOn, l.endsOn)).toList();
        return new ClinicianCalendar(c.id, c.active, Set.of(c.states), ZoneId.of(c.timezone), hours(c.availability), leave,
                bookings(SessionRecord.list("clinicianId", c.id)));
    }

    private static List<Booking> bookings(List<SessionRecord> sessions) {
        return sessions.stream().map(s -> new Booking(s.id.toString(), SessionType.valueOf(s.type), s.startsAt, s.endsAt,
                SessionState.valueOf(s.state))).toList();
    }

    private List<WeeklyHours> hours(String availability) {
        try {
            return json.readValue(availability, new TypeReference<>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored availability cannot be read", e);
        }
    }

    private static void required(List<Breach> breaches, String field, Object value) {
        if (value == null || (value instanceof String text && text.isBlank())) {
            breaches.add(new Breach(field, "is required"));
        }
    }

    static ProblemException invalid(List<Breach> breaches) {
        return ProblemException.invalid("The session was not booked: " + breaches.size() + " problem(s)",
                breaches.stream().map(b -> new Problem.Violation(b.field(), b.rule())).toList());
    }

    /** A well-formed request that the calendar or the plan does not allow: 409 with every reason. */
    private static void conflicts(List<Breach> breaches) {
        if (!breaches.isEmpty()) {
            Response.Status status = Response.Status.CONFLICT;
            throw new ProblemException(new Problem("about:blank", status.getReasonPhrase(), status.getStatusCode(),
                    "The session cannot be booked then: " + breaches.size() + " rule(s) stand in the way",
                    breaches.stream().map(b -> new Problem.Violation(b.field(), b.rule())).toList(), Map.of()));
        }
    }
}
