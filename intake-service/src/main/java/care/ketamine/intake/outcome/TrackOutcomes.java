package care.ketamine.intake.outcome;

import care.ketamine.platform.sql.SqlValues;
import care.ketamine.intake.InvalidRequest;
import care.ketamine.intake.audit.AuditTrail;
import care.ketamine.intake.care.CareTeam;
import care.ketamine.intake.domain.Breach;
import care.ketamine.intake.domain.CareAccess;
import care.ketamine.intake.domain.Course;
import care.ketamine.intake.domain.ProgramOutcomes;
import care.ketamine.intake.domain.Questionnaire;
import care.ketamine.intake.domain.SmallCells;
import care.ketamine.intake.patient.PatientRepository;
import care.ketamine.intake.screening.ScreeningRecord;
import care.ketamine.platform.problem.ProblemException;
import care.ketamine.platform.security.Caller;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** Use cases: follow-up measures are recorded; a patient's trajectory and the program's figures are read. */
@ApplicationScoped
public class TrackOutcomes {

    private final PatientRepository patients;
    private final AuditTrail audit;
    private final CareTeam careTeam;
    private final EntityManager entityManager;
    private final Clock clock;
    private final ProgramOutcomes program = new ProgramOutcomes();

    public TrackOutcomes(PatientRepository patients, AuditTrail audit, CareTeam careTeam, EntityManager entityManager,
                         Clock clock) {
        this.patients = patients;
        this.audit = audit;
        this.careTeam = careTeam;
        this.entityManager = entityManager;
        this.clock = clock;
    }

    @Transactional
    public Trajectory.Point record(UUID patientId, OutcomeRequest request, Caller caller) {
        List<Breach> breaches = new ArrayList<>();
        careTeam.requireAccess(caller, patientId, CareAccess.Part.FOLLOW_UP_ENTRY, "outcome.record");
        Questionnaire.PHQ9.problems(request.phq9()).forEach(p -> breaches.add(new Breach("phq9", p)));
        Questionnaire.GAD7.problems(request.gad7()).forEach(p -> breaches.add(new Breach("gad7", p)));
        Instant now = clock.instant();
        Instant measuredAt = request.measuredAt() == null ? now : request.measuredAt();
        if (measuredAt.isAfter(now.plus(Duration.ofMinutes(2)))) {
            breaches.add(new Breach("measuredAt", "may not be in the future"));
        }
        if (!breaches.isEmpty()) {
            throw InvalidRequest.of("The measure was not recorded: " + breaches.size() + " problem(s)", breaches);
        }
        patients.require(patientId);
        ScreeningRecord baseline = baseline(patientId);
        if (!measuredAt.isAfter(baseline.screenedAt)) {
            throw InvalidRequest.of("The measure was not recorded",
                    List.of(new Breach("measuredAt", "must be after the baseline screening (" + baseline.screenedAt + ")")));
        }
        OutcomeMeasure m = new OutcomeMeasure();
        m.id = UUID.randomUUID();
        m.patientId = patientId;
        m.measuredAt = measuredAt;
        m.phq9Answers = request.phq9().toArray(Integer[]::new);
        m.gad7Answers = request.gad7().toArray(Integer[]::new);
        m.phq9Total = Questionnaire.PHQ9.score(request.phq9()).total();
        m.gad7Total = Questionnaire.GAD7.score(request.gad7()).total();
        m.recordedBy = caller.subject();
        m.recordedAt = now;
        m.persist();
        return point(baseline, m.measuredAt, m.phq9Total, m.gad7Total);
    }

    @Transactional
    public Trajectory trajectory(UUID patientId, Caller caller) {
        careTeam.requireAccess(caller, patientId, CareAccess.Part.TRAJECTORY, "outcome.trajectory");
        patients.require(patientId);
        audit.read(caller, "outcome.trajectory", patientId);
        ScreeningRecord baseline = baseline(patientId);
        List<Trajectory.Point> followUps = OutcomeMeasure.<OutcomeMeasure>list("patientId", Sort.ascending("measuredAt"), patientId)
                .stream().map(m -> point(baseline, m.measuredAt, m.phq9Total, m.gad7Total)).toList();
        return new Trajectory(patientId, point(baseline, baseline.screenedAt, baseline.phq9Total, baseline.gad7Total),
                followUps);
    }

    /**
     * The figures for patients whose baseline screening falls in [from, to], UTC dates, with small
     * cells suppressed. Every read is audited (no patient is named: it is a read across the program).
     */
    @Transactional
    public ProgramFigures program(LocalDate from, LocalDate to, Caller caller) {
        if (from.isAfter(to)) {
            throw InvalidRequest.of("The window is empty", List.of(new Breach("from", "must not be after to")));
        }
        Instant start = from.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        @SuppressWarnings("unchecked")
        List<Object[]> baselines = entityManager.createNativeQuery("""
                        SELECT patient_id, screened_at, phq9_total, gad7_total FROM (
                            SELECT DISTINCT ON (patient_id) patient_id, screened_at, phq9_total, gad7_total
                            FROM screening ORDER BY patient_id, screened_at) first
                        WHERE screened_at >= ?1 AND screened_at < ?2""")
                .setParameter(1, start).setParameter(2, end).getResultList();
        List<UUID> ids = baselines.stream().map(row -> (UUID) row[0]).toList();
        Map<UUID, List<Course.Measure>> measures = ids.isEmpty() ? Map.of()
                : OutcomeMeasure.<OutcomeMeasure>list("patientId in ?1", ids).stream().collect(Collectors.groupingBy(
                m -> m.patientId, Collectors.mapping(m -> new Course.Measure(m.measuredAt, m.phq9Total, m.gad7Total),
                        Collectors.toList())));
        List<Course> courses = baselines.stream().map(row -> new Course(row[0].toString(), SqlValues.instant(row[1]),
                ((Number) row[2]).intValue(), ((Number) row[3]).intValue(),
                measures.getOrDefault((UUID) row[0], List.of()))).toList();
        audit.readProgram(caller, "outcome.program " + from + ".." + to);
        return ProgramFigures.of(from, to, courses.size(), SmallCells.release(program.compute(courses)));
    }


    private static ScreeningRecord baseline(UUID patientId) {
        return ScreeningRecord.<ScreeningRecord>find("patientId", Sort.ascending("screenedAt"), patientId)
                .firstResultOptional()
                .orElseThrow(() -> new ProblemException(Response.Status.CONFLICT,
                        "The patient has no baseline screening yet"));
    }

    private static Trajectory.Point point(ScreeningRecord baseline, Instant at, int phq9, int gad7) {
        boolean isBaseline = at.equals(baseline.screenedAt);
        double weeks = Math.round(Duration.between(baseline.screenedAt, at).toHours() / 16.8) / 10.0;
        return new Trajectory.Point(at, weeks, phq9, Questionnaire.PHQ9.band(phq9), gad7, Questionnaire.GAD7.band(gad7),
                isBaseline ? null : change(baseline.phq9Total, phq9), isBaseline ? null : change(baseline.gad7Total, gad7),
                !isBaseline && baseline.phq9Total > 0 && 2 * phq9 <= baseline.phq9Total,
                !isBaseline && baseline.phq9Total >= 10 && phq9 < 5);
    }

    private static Double change(int baseline, int now) {
        return baseline == 0 ? null : Math.round(1000.0 * (now - baseline) / baseline) / 10.0;
    }
}
