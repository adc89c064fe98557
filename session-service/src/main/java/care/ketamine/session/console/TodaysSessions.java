package care.ketamine.session.console;

import care.ketamine.contracts.sessions.SessionStates;
import care.ketamine.session.clinician.Clinician;
import care.ketamine.session.lifecycle.SessionRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/**
 * Use case: the console's day view. Today's sessions in the clinician's zone, and every session
 * active now whenever it started (checked in or later and not ended, ENDED_EARLY included), so a
 * patient dosed before midnight and still monitored is not lost from the list at midnight.
 */
@ApplicationScoped
public class TodaysSessions {

    private final Clock clock;

    public TodaysSessions(Clock clock) {
        this.clock = clock;
    }

    public record Day(ZoneId zone, List<SessionRecord> sessions) {
    }

    /** @param clinicianId whose sessions; null for everyone's (admins) */
    @Transactional(Transactional.TxType.MANDATORY)
    public Day of(String viewerId, String clinicianId) {
        ZoneId zone = Clinician.zoneOf(viewerId);
        LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
        Instant from = today.atStartOfDay(zone).toInstant();
        Instant to = today.plusDays(1).atStartOfDay(zone).toInstant();
        String todayOrActive = "((startsAt >= ?1 and startsAt < ?2) or state in ?3)";
        List<SessionRecord> sessions = clinicianId == null
                ? SessionRecord.list(todayOrActive + " order by startsAt", from, to, SessionStates.ACTIVE)
                : SessionRecord.list("clinicianId = ?4 and " + todayOrActive + " order by startsAt", from, to,
                SessionStates.ACTIVE, clinicianId);
        return new Day(zone, sessions);
    }
}
