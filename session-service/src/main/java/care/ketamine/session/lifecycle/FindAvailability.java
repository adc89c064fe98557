package care.ketamine.session.lifecycle;

import care.ketamine.session.domain.PatientCalendar;
import care.ketamine.session.domain.SessionState;
import care.ketamine.session.domain.SessionType;
import care.ketamine.session.domain.SlotFinder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Use cases: free slots for a patient and a session type; and, after a completed dose, the
 * first INTEGRATION slot within 72 hours (the proposal a session view shows).
 */
@ApplicationScoped
public class FindAvailability {

    static final Duration INTEGRATION_WITHIN = Duration.ofHours(72);
    static final int MAX_SLOTS = 50;

    private final Calendars calendars;
    private final Clock clock;
    private final SessionSettings settings;
    private final SlotFinder finder = new SlotFinder();

    public FindAvailability(Calendars calendars, Clock clock, SessionSettings settings) {
        this.calendars = calendars;
        this.clock = clock;
        this.settings = settings;
    }

    @Transactional
    public List<SlotFinder.Slot> slots(UUID patientId, SessionType type, Instant from, int days, int limit) {
        PatientCalendar patient = calendars.patient(patientId);
        Duration duration = Duration.ofMinutes(ScheduleSession.defaultMinutes(settings, type));
        return finder.find(type, duration, patient, calendars.licensedIn(patient.usState()), from,
                from.plus(Duration.ofDays(days)), clock.instant(), Math.min(limit, MAX_SLOTS));
    }

    /** For a completed dose with no integration booked after it: the first free slot within 72 h, with its clinician first. */
    @Transactional(Transactional.TxType.MANDATORY)
    public SlotFinder.Slot integrationAfter(SessionRecord dose) {
        if (!SessionType.DOSING.name().equals(dose.type) || !SessionState.COMPLETED.name().equals(dose.state)) {
            return null;
        }
        PatientCalendar patient = calendars.patient(dose.patientId);
        boolean booked = patient.sessions().stream().anyMatch(b -> b.type() == SessionType.INTEGRATION
                && b.holdsTime() && b.start().isAfter(dose.startsAt));
        if (booked) {
            return null;
        }
        Instant from = dose.endsAt.isAfter(clock.instant()) ? dose.endsAt : clock.instant();
        Instant until = dose.endsAt.plus(INTEGRATION_WITHIN);
        Duration integration = Duration.ofMinutes(settings.duration().integration());
        var own = finder.find(SessionType.INTEGRATION, integration, patient,
                List.of(calendars.clinician(care.ketamine.session.clinician.Clinician.findById(dose.clinicianId))),
                from, until, clock.instant(), 1);
        if (!own.isEmpty()) {
            return own.get(0);
        }
        var anyone = finder.find(SessionType.INTEGRATION, integration, patient,
                calendars.licensedIn(patient.usState()), from, until, clock.instant(), 1);
        return anyone.isEmpty() ? null : anyone.get(0);
    }
}
