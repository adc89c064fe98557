package care.ketamine.session.lifecycle;

import care.ketamine.session.InvalidRequest;
import care.ketamine.platform.problem.ProblemException;
import care.ketamine.session.clinician.Clinician;
import care.ketamine.session.domain.Breach;
import care.ketamine.session.domain.SchedulingRules;
import care.ketamine.session.domain.SessionState;
import care.ketamine.session.domain.SessionType;
import care.ketamine.session.plan.PatientPlan;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Use cases: schedulers book and reschedule sessions; anyone allowed cancels one with a reason. */
@ApplicationScoped
public class ScheduleSession {

    private final SessionBook book;
    private final Calendars calendars;
    private final Clock clock;
    private final SessionSettings settings;
    private final SchedulingRules rules = new SchedulingRules();

    public ScheduleSession(SessionBook book, Calendars calendars, Clock clock, SessionSettings settings) {
        this.book = book;
        this.calendars = calendars;
        this.clock = clock;
        this.settings = settings;
    }

    /** The configured length of a session type (sessions.duration.*). */
    static int defaultMinutes(SessionSettings settings, SessionType type) {
        return switch (type) {
            case PREPARATION -> settings.duration().preparation();
            case DOSING -> settings.duration().dosing();
            case INTEGRATION -> settings.duration().integration();
        };
    }

    /** A booking whose shape holds (ScheduleRequest); the calendars and the plan decide whether it may be made. */
    @Transactional
    public SessionView schedule(ScheduleRequest r, String actor) {
        Duration duration = Duration.ofMinutes(r.durationMinutes() != null ? r.durationMinutes()
                : defaultMinutes(settings, r.type()));
        PatientPlan plan = PatientPlan.findById(r.patientId());
        Clinician clinician = Clinician.findById(r.clinicianId());
        if (clinician == null) {
            throw invalid(List.of(new Breach("clinicianId", "no such clinician")));
        }
        conflicts(rules.check(r.type(), r.start(), duration, calendars.patient(r.patientId()),
                calendars.clinician(clinician), clock.instant(), null));

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

    /** A new start and a reason, both given (RescheduleRequest). */
    @Transactional
    public SessionView reschedule(UUID id, RescheduleRequest r, String actor) {
        Instant start = r.start();
        SessionRecord s = book.require(id);
        if (!SessionState.SCHEDULED.name().equals(s.state)) {
            throw new ProblemException(Response.Status.CONFLICT, "Only a SCHEDULED session can be rescheduled; this one is " + s.state);
        }
        Duration duration = Duration.between(s.startsAt, s.endsAt);
        conflicts(rules.check(SessionType.valueOf(s.type), start, duration, calendars.patient(s.patientId),
                calendars.clinician(Clinician.findById(s.clinicianId)), clock.instant(), s.id.toString()));
        s.startsAt = start;
        s.endsAt = start.plus(duration);
        book.record(s, "RESCHEDULED", s.state, actor, r.reason().strip(), clock.instant());
        return book.view(s);
    }

    /** A well-formed request that the calendar or the plan does not allow: 409 with every reason. */
    private static void conflicts(List<Breach> breaches) {
        if (!breaches.isEmpty()) {
            throw InvalidRequest.conflict("The session cannot be booked then: " + breaches.size()
                    + " rule(s) stand in the way", breaches);
        }
    }

    private static ProblemException invalid(List<Breach> breaches) {
        return InvalidRequest.of("The session was not booked: " + breaches.size() + " problem(s)", breaches);
    }
}
