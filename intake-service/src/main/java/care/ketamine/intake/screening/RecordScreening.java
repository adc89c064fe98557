package care.ketamine.intake.screening;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.intake.EligibilityDecided;
import care.ketamine.contracts.intake.ScreeningCompleted;
import care.ketamine.intake.InvalidRequest;
import care.ketamine.intake.audit.AuditTrail;
import care.ketamine.intake.care.CareTeam;
import care.ketamine.intake.domain.Breach;
import care.ketamine.intake.domain.CareAccess;
import care.ketamine.intake.domain.EligibilityDecision;
import care.ketamine.intake.domain.EligibilityEngine;
import care.ketamine.intake.domain.Questionnaire;
import care.ketamine.intake.patient.PatientRepository;
import care.ketamine.intake.urgentreview.OpenUrgentReview;
import care.ketamine.intake.urgentreview.UrgentReviewTask;
import care.ketamine.platform.outbox.Outbox;
import care.ketamine.platform.security.Caller;
import com.fasterxml.jackson.core.type.TypeReference;
import care.ketamine.platform.json.StoredJson;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Use cases: intake records a screening and gets the eligibility decision; staff read them back. */
@ApplicationScoped
public class RecordScreening {

    private final PatientRepository patients;
    private final Outbox outbox;
    private final AuditTrail audit;
    private final CareTeam careTeam;
    private final OpenUrgentReview openUrgentReview;
    private final StoredJson json;
    private final Clock clock;
    private final MeterRegistry meters;
    private final EligibilityEngine engine = new EligibilityEngine();

    public RecordScreening(PatientRepository patients, Outbox outbox, AuditTrail audit, CareTeam careTeam,
                           OpenUrgentReview openUrgentReview, StoredJson json, Clock clock, MeterRegistry meters) {
        this.patients = patients;
        this.outbox = outbox;
        this.audit = audit;
        this.careTeam = careTeam;
        this.openUrgentReview = openUrgentReview;
        this.json = json;
        this.clock = clock;
        this.meters = meters;
    }

    @Transactional
    public ScreeningView record(UUID patientId, ScreeningRequest request, Caller caller) {
        validate(request);
        patients.require(patientId);
        EligibilityDecision decision = engine.decide(request.toScreening());
        Instant now = clock.instant();

        ScreeningRecord s = new ScreeningRecord();
        s.id = UUID.randomUUID();
        s.patientId = patientId;
        s.screenedAt = now;
        s.screenedBy = caller.subject();
        s.phq9Answers = request.phq9().toArray(Integer[]::new);
        s.gad7Answers = request.gad7().toArray(Integer[]::new);
        s.phq9Total = decision.phq9().total();
        s.phq9Band = decision.phq9().band();
        s.gad7Total = decision.gad7().total();
        s.gad7Band = decision.gad7().band();
        s.selfHarmFollowUp = decision.selfHarmFollowUp();
        s.majorDepressiveDisorder = request.majorDepressiveDisorder();
        s.failedTrials = request.failedAntidepressantTrials();
        s.acuteSuicidalIdeation = request.acuteSuicidalIdeation();
        s.recentAttemptOrIntent = request.recentSuicideAttemptOrIntent();
        s.contraindications = request.contraindications().stream().map(Enum::name).sorted().toArray(String[]::new);
        s.medications = request.medications().stream().map(Enum::name).sorted().toArray(String[]::new);
        s.baselineSystolic = request.baselineBloodPressure().systolic();
        s.baselineDiastolic = request.baselineBloodPressure().diastolic();
        s.baselineHeartRate = request.baselineHeartRate();
        s.eligibility = decision.outcome().name();
        s.urgentReview = decision.urgentReview();
        s.reasons = json.write(decision.reasons());
        s.persist();

        String id = patientId.toString();
        outbox.append(Topics.INTAKE_PATIENTS, EventEnvelope.wrap(ScreeningCompleted.TYPE, id,
                new ScreeningCompleted(id, s.id.toString(), now), clock));
        // Answers, scores, self-harm flags and the decision's reasons stay here: no consumer reads them.
        outbox.append(Topics.INTAKE_PATIENTS, EventEnvelope.wrap(EligibilityDecided.TYPE, id,
                new EligibilityDecided(id, s.id.toString(), now), clock));
        Optional<UrgentReviewTask> task = openUrgentReview.forScreening(request.toScreening(), s.id, patientId, now);
        meters.counter("intake.screenings", "eligibility", s.eligibility).increment();
        return view(s, task);
    }

    @Transactional
    public List<ScreeningView> history(UUID patientId, Caller caller) {
        careTeam.requireAccess(caller, patientId, CareAccess.Part.SCREENINGS, "screening.list");
        patients.require(patientId);
        audit.read(caller, "screening.list", patientId);
        return ScreeningRecord.<ScreeningRecord>list("patientId = ?1 order by screenedAt desc", patientId)
                .stream().map(s -> view(s, UrgentReviewTask.<UrgentReviewTask>find("screeningId", s.id).firstResultOptional()))
                .toList();
    }

    /** The request's shape is checked already (Bean Validation); the answers are the questionnaires' to judge. */
    private static void validate(ScreeningRequest r) {
        List<Breach> breaches = new ArrayList<>();
        Questionnaire.PHQ9.problems(r.phq9()).forEach(p -> breaches.add(new Breach("phq9", p)));
        Questionnaire.GAD7.problems(r.gad7()).forEach(p -> breaches.add(new Breach("gad7", p)));
        if (!breaches.isEmpty()) {
            throw InvalidRequest.of("The screening was not recorded: " + breaches.size() + " problem(s)", breaches);
        }
    }

    private ScreeningView view(ScreeningRecord s, Optional<UrgentReviewTask> task) {
        List<EligibilityDecision.Reason> reasons = json.read(s.reasons, new TypeReference<>() {
        });
        boolean atRisk = s.acuteSuicidalIdeation || s.recentAttemptOrIntent || s.selfHarmFollowUp;
        return new ScreeningView(s.id, s.patientId, s.screenedAt, s.screenedBy,
                new ScreeningView.Score(s.phq9Total, s.phq9Band), new ScreeningView.Score(s.gad7Total, s.gad7Band),
                s.selfHarmFollowUp, s.baselineSystolic, s.baselineDiastolic, s.baselineHeartRate,
                new ScreeningView.Decision(s.eligibility, s.urgentReview, reasons,
                        atRisk ? EligibilityEngine.CRISIS_RESOURCES : List.of()),
                task.map(t -> new ScreeningView.UrgentReviewTask(t.id, t.urgency, t.dueAt)).orElse(null));
    }


}
