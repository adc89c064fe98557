package care.ketamine.session.console;

import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.EventType;
import care.ketamine.contracts.alerts.AlertSnapshot;
import care.ketamine.contracts.security.Roles;
import care.ketamine.contracts.sessions.SessionStates;
import care.ketamine.contracts.vitals.CheckInPrompted;
import care.ketamine.contracts.vitals.PatientCheckedIn;
import care.ketamine.contracts.vitals.SitterCheckedIn;
import care.ketamine.platform.sql.SqlValues;
import care.ketamine.platform.time.ClinicalTime;
import care.ketamine.session.clinician.Clinician;
import care.ketamine.session.domain.ProtocolTimes;
import care.ketamine.session.plan.PatientPlan;
import care.ketamine.session.lifecycle.SessionRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Use case: the central station, every live session the viewer watches at a glance, most urgent first. A clinician
 * sees their own active sessions, on-call staff the active sessions whose alerts were paged to them, admins every
 * active session. A handful of statements for all tiles together, whatever their number.
 */
@ApplicationScoped
public class CentralStation {

    static final Duration TREND = Duration.ofMinutes(30);
    private static final List<String> CHECK_IN_TYPES = List.of(CheckInPrompted.TYPE.name(), PatientCheckedIn.TYPE.name(),
            SitterCheckedIn.TYPE.name());

    private final EntityManager entityManager;
    private final Clock clock;
    private final Duration floor;
    private final Duration missedAfter;

    public CentralStation(EntityManager entityManager, Clock clock, ClinicalTime clinicalTime) {
        this.entityManager = entityManager;
        this.clock = clock;
        this.floor = ProtocolTimes.compressedBy(clinicalTime.compression()).minMonitoring();
        this.missedAfter = clinicalTime.scaled(CheckInPrompted.MISSED_AFTER);
    }

    /** What the station shows, as of {@code now} on the server's clock (the page counts ages from it). */
    /**
     * @param checkInMissedAfterMillis a prompt unanswered this long after it was due is MISSED, as alerting judges it
     *                                 (clinical time: divided by the stack's compression)
     */
    public record Station(Instant now, String timezone, List<StationTile> tiles, long checkInMissedAfterMillis) {
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Station of(String viewerId, String role) {
        Instant now = clock.instant();
        ZoneId zone = Clinician.zoneOf(viewerId);
        List<SessionRecord> sessions = watched(viewerId, role);
        if (sessions.isEmpty()) {
            return new Station(now, zone.getId(), List.of(), missedAfter.toMillis());
        }
        List<String> ids = sessions.stream().map(s -> s.id.toString()).toList();
        Map<UUID, PatientPlan> plans = PatientPlan.<PatientPlan>list("patientId in ?1",
                sessions.stream().map(s -> s.patientId).distinct().toList()).stream()
                .collect(Collectors.toMap(p -> p.patientId, Function.identity()));
        Map<String, StationTile.BloodPressure> pressures = new HashMap<>();
        Map<String, StationTile.Oxygen> oxygen = new HashMap<>();
        latestMeasures(sessions, pressures, oxygen);
        Map<String, List<StationTile.TrendPoint>> trends = trends(ids, now);
        Map<String, StationTile.CheckIns> checkIns = checkIns(ids);
        Map<String, List<StationTile.TileAlert>> alerts = alerts(ids);
        LocalDate today = now.atZone(zone).toLocalDate();
        List<StationTile> tiles = new ArrayList<>();
        for (SessionRecord s : sessions) {
            String id = s.id.toString();
            PatientShown patient = PatientShown.of(s.patientId, plans.get(s.patientId), today);
            List<StationTile.TileAlert> open = alerts.getOrDefault(id, List.of());
            tiles.add(new StationTile(s.id, patient, s.state, s.dosedAt, s.dosedAt == null ? null : s.dosedAt.plus(floor),
                    pressures.get(id), oxygen.get(id), trends.getOrDefault(id, List.of()), checkIns.get(id), open,
                    StationTile.urgencyOf(open)));
        }
        tiles.sort(StationTile.BY_URGENCY);
        return new Station(now, zone.getId(), tiles, missedAfter.toMillis());
    }

    private List<SessionRecord> watched(String viewerId, String role) {
        return switch (role) {
            case Roles.ADMIN -> SessionRecord.list("state in ?1", SessionStates.ACTIVE);
            case Roles.ON_CALL -> {
                @SuppressWarnings("unchecked")
                List<String> paged = entityManager.createNativeQuery("""
                                SELECT DISTINCT a.session_id FROM console_alert a
                                JOIN console_alert_recipient r ON r.alert_id = a.alert_id
                                WHERE r.recipient = ?1 AND a.status <> 'RESOLVED'""")
                        .setParameter(1, viewerId).getResultList();
                List<UUID> ids = paged.stream().map(CentralStation::uuidOrNull).filter(java.util.Objects::nonNull).toList();
                yield ids.isEmpty() ? List.of() : SessionRecord.list("id in ?1 and state in ?2", ids, SessionStates.ACTIVE);
            }
            default -> SessionRecord.list("clinicianId = ?1 and state in ?2", viewerId, SessionStates.ACTIVE);
        };
    }

    private static UUID uuidOrNull(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException notASession) {
            return null; // the pipeline's own alerts ("system") are not a session's
        }
    }

    @SuppressWarnings("unchecked")
    private void latestMeasures(List<SessionRecord> sessions, Map<String, StationTile.BloodPressure> pressures,
                                Map<String, StationTile.Oxygen> oxygen) {
        List<Object[]> rows = entityManager.createNativeQuery("""
                        SELECT session_id, measure, systolic, diastolic, heart_rate, spo2, measured_at
                        FROM latest_measure WHERE session_id IN (?1)""")
                .setParameter(1, sessions.stream().map(s -> s.id).toList()).getResultList();
        for (Object[] r : rows) {
            String id = r[0].toString();
            Integer heartRate = r[4] == null ? null : ((Number) r[4]).intValue();
            Instant at = SqlValues.instant(r[6]);
            if ("blood-pressure".equals(r[1])) {
                pressures.put(id, new StationTile.BloodPressure(((Number) r[2]).intValue(), ((Number) r[3]).intValue(), heartRate, at));
            } else {
                oxygen.put(id, new StationTile.Oxygen(((Number) r[5]).intValue(), heartRate, at));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, List<StationTile.TrendPoint>> trends(List<String> ids, Instant now) {
        List<Object[]> rows = entityManager.createNativeQuery("""
                        SELECT session_id, minute, systolic, spo2 FROM console_trend_minute
                        WHERE session_id IN (?1) AND minute >= ?2 ORDER BY session_id, minute""")
                .setParameter(1, ids).setParameter(2, now.minus(TREND)).getResultList();
        Map<String, List<StationTile.TrendPoint>> trends = new HashMap<>();
        for (Object[] r : rows) {
            trends.computeIfAbsent((String) r[0], id -> new ArrayList<>()).add(new StationTile.TrendPoint(SqlValues.instant(r[1]),
                    r[2] == null ? null : ((Number) r[2]).intValue(), r[3] == null ? null : ((Number) r[3]).intValue()));
        }
        return trends;
    }

    /** Each session's newest prompt, patient check-in and sitter check-in (an index keeps readings out of the walk). */
    @SuppressWarnings("unchecked")
    private Map<String, StationTile.CheckIns> checkIns(List<String> ids) {
        List<Object[]> rows = entityManager.createNativeQuery("""
                        SELECT DISTINCT ON (session_id, type) session_id, type, event FROM console_feed
                        WHERE session_id IN (?1) AND type IN (?2) ORDER BY session_id, type, position DESC""")
                .setParameter(1, ids).setParameter(2, CHECK_IN_TYPES).getResultList();
        Map<String, Map<String, String>> byType = new HashMap<>();
        for (Object[] r : rows) {
            byType.computeIfAbsent((String) r[0], id -> new HashMap<>()).put((String) r[1], (String) r[2]);
        }
        Map<String, StationTile.CheckIns> checkIns = new HashMap<>();
        byType.forEach((sessionId, events) -> {
            CheckInPrompted prompt = payload(events.get(CheckInPrompted.TYPE.name()), CheckInPrompted.TYPE);
            PatientCheckedIn patient = payload(events.get(PatientCheckedIn.TYPE.name()), PatientCheckedIn.TYPE);
            SitterCheckedIn sitter = payload(events.get(SitterCheckedIn.TYPE.name()), SitterCheckedIn.TYPE);
            boolean answered = prompt != null && (patient != null && prompt.promptId().equals(patient.promptId())
                    || sitter != null && prompt.promptId().equals(sitter.promptId()));
            checkIns.put(sessionId, new StationTile.CheckIns(prompt == null ? null : prompt.dueAt(),
                    prompt == null ? null : prompt.respondent(), answered,
                    patient == null ? null : patient.feelsOk(), patient == null ? null : patient.answeredAt(),
                    sitter == null ? null : sitter.moaas(), sitter == null ? null : sitter.sitterPresent(),
                    sitter == null ? null : sitter.answeredAt()));
        });
        return checkIns;
    }

    private static <T> T payload(String event, EventType<T> type) {
        return event == null ? null : EventJson.read(event, type).payload();
    }

    @SuppressWarnings("unchecked")
    private Map<String, List<StationTile.TileAlert>> alerts(List<String> ids) {
        List<String> snapshots = entityManager.createNativeQuery(
                        "SELECT snapshot FROM console_alert WHERE session_id IN (?1) AND status <> 'RESOLVED' ORDER BY updated_at")
                .setParameter(1, ids).getResultList();
        Map<String, List<StationTile.TileAlert>> alerts = new HashMap<>();
        for (String snapshot : snapshots) {
            AlertSnapshot a = EventJson.read(snapshot, new EventType<>(EventJson.typeOf(snapshot), 1, AlertSnapshot.class)).payload();
            alerts.computeIfAbsent(a.sessionId(), id -> new ArrayList<>()).add(new StationTile.TileAlert(a.alertId(), a.rule(),
                    a.severity(), a.status(), a.summary(), a.openedAt(), a.acknowledgedAt(), a.acknowledgedBy()));
        }
        return alerts;
    }
}
