package care.ketamine.session.record;

import care.ketamine.contracts.EventJson;
import care.ketamine.contracts.EventType;
import care.ketamine.contracts.alerts.AlertSnapshot;
import care.ketamine.contracts.vitals.PatientCheckedIn;
import care.ketamine.contracts.vitals.ReadingRecorded;
import care.ketamine.contracts.vitals.SitterCheckedIn;
import care.ketamine.platform.audit.ReadAudit;
import care.ketamine.platform.json.StoredJson;
import care.ketamine.platform.problem.ProblemException;
import care.ketamine.platform.security.Caller;
import care.ketamine.platform.time.ClinicalTime;
import care.ketamine.session.plan.PatientPlan;
import care.ketamine.session.lifecycle.SessionAccess;
import care.ketamine.session.lifecycle.SessionBook;
import care.ketamine.session.lifecycle.SessionRecord;
import care.ketamine.session.lifecycle.SessionTransition;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Use case: a dosing session's monitoring record, for its clinician or an admin, computed from the
 * session's own rows at the time of asking, and audited on every read.
 */
@ApplicationScoped
public class ReadMonitoringRecord {

    /** Blood pressure peaks about 40 minutes after the dose (Spravato label): the record's middle reading. */
    static final Duration PEAK = Duration.ofMinutes(40);
    /** Observation for at least 2 hours after each dose (Spravato REMS). */
    static final Duration MONITORING_FLOOR = Duration.ofMinutes(120);

    private final SessionBook book;
    private final EntityManager entityManager;
    private final StoredJson json;
    private final ReadAudit audit;
    private final Clock clock;
    private final ClinicalTime clinicalTime;

    public ReadMonitoringRecord(SessionBook book, EntityManager entityManager, StoredJson json, ReadAudit audit, Clock clock,
                                ClinicalTime clinicalTime) {
        this.book = book;
        this.entityManager = entityManager;
        this.json = json;
        this.audit = audit;
        this.clock = clock;
        this.clinicalTime = clinicalTime;
    }

    @Transactional
    public MonitoringRecord read(UUID sessionId, SessionAccess access, Caller caller, String format) {
        SessionRecord s = book.require(sessionId);
        if (!access.admin() && !(access.clinician() && s.clinicianId.equals(access.subject()))) {
            throw new ProblemException(Response.Status.FORBIDDEN, "Only the session's clinician (or an admin) may read its record");
        }
        if (!"DOSING".equals(s.type)) {
            throw new ProblemException(Response.Status.CONFLICT, "A monitoring record is kept for DOSING sessions; this is a "
                    + s.type + " session");
        }
        audit.record(caller.subject(), caller.role(), "session.record.read." + format, sessionId.toString());
        PatientPlan plan = PatientPlan.findById(s.patientId);
        return MonitoringRecord.of(rows(s, plan), clinicalTime.scaled(PEAK), clinicalTime.scaled(MONITORING_FLOOR),
                medications(plan), clock.instant());
    }

    /** Intake carries only the classes of concern on the plan approval, never the screening's answers. */
    private static MonitoringRecord.MedicationsOfConcern medications(PatientPlan plan) {
        return MonitoringRecord.MedicationsOfConcern.fromPlan(plan != null,
                plan == null || plan.medicationsOfConcern == null ? null : List.of(plan.medicationsOfConcern));
    }

    private SessionRows rows(SessionRecord s, PatientPlan plan) {
        var facts = new SessionRows.Facts(s.id.toString(), s.patientId.toString(), s.clinicianId, s.type, s.state, s.startsAt,
                plan == null ? null : plan.timezone, s.dosedAt, s.preDoseSystolic, s.preDoseDiastolic, s.preDoseHeartRate);
        List<SessionRows.Reading> readings = new ArrayList<>();
        List<SessionRows.PatientCheckIn> patient = new ArrayList<>();
        List<SessionRows.SitterCheckIn> sitter = new ArrayList<>();
        @SuppressWarnings("unchecked")
        List<Object[]> feed = entityManager.createNativeQuery(
                        "SELECT type, event FROM console_feed WHERE session_id = ?1 AND type IN (?2, ?3, ?4) ORDER BY position")
                .setParameter(1, s.id.toString()).setParameter(2, ReadingRecorded.TYPE.name())
                .setParameter(3, PatientCheckedIn.TYPE.name()).setParameter(4, SitterCheckedIn.TYPE.name()).getResultList();
        for (Object[] row : feed) {
            String type = (String) row[0];
            String event = (String) row[1];
            if (ReadingRecorded.TYPE.name().equals(type)) {
                ReadingRecorded r = EventJson.read(event, ReadingRecorded.TYPE).payload();
                readings.add(new SessionRows.Reading(r.measuredAt(), r.systolic(), r.diastolic(), r.heartRate(), r.spo2(),
                        r.respiratoryRate(), r.kindOrMonitor()));
            } else if (PatientCheckedIn.TYPE.name().equals(type)) {
                PatientCheckedIn c = EventJson.read(event, PatientCheckedIn.TYPE).payload();
                patient.add(new SessionRows.PatientCheckIn(c.answeredAt(), c.unreality(), c.bodyDisconnection(),
                        c.timeDistortion(), c.feelsOk()));
            } else {
                SitterCheckedIn c = EventJson.read(event, SitterCheckedIn.TYPE).payload();
                sitter.add(new SessionRows.SitterCheckIn(c.answeredAt(), c.moaas(), c.sitterPresent()));
            }
        }
        List<SessionRows.Step> steps = SessionTransition.<SessionTransition>list("sessionId", Sort.ascending("id"), s.id)
                .stream().map(t -> new SessionRows.Step(t.fromState, t.toState, t.actor, t.at, t.reason)).toList();
        @SuppressWarnings("unchecked")
        List<String> snapshots = entityManager.createNativeQuery("SELECT snapshot FROM console_alert WHERE session_id = ?1")
                .setParameter(1, s.id.toString()).getResultList();
        List<SessionRows.Alert> alerts = snapshots.stream().map(snapshot -> {
            AlertSnapshot a = EventJson.read(snapshot, new EventType<>(EventJson.typeOf(snapshot), 1, AlertSnapshot.class))
                    .payload();
            return new SessionRows.Alert(a.alertId().toString(), a.rule(), a.severity(), a.status(), a.summary(),
                    a.worstValue(), a.occurrences(), a.reopenings(), a.openedAt(), a.escalationStep(), a.acknowledgedBy(),
                    a.acknowledgedAt(), a.acknowledgement(), a.resolvedBy(), a.resolvedAt(), a.resolution());
        }).toList();
        return new SessionRows(facts, readings, patient, sitter, steps, alerts);
    }

}
