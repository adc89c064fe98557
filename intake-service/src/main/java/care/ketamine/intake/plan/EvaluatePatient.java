package care.ketamine.intake.plan;

import care.ketamine.platform.address.DosingAddressRequest;
import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.intake.DosingAddress;
import care.ketamine.contracts.intake.MonitoringThresholds;
import care.ketamine.contracts.intake.PatientQuietWindow;
import care.ketamine.contracts.intake.PatientDischarged;
import care.ketamine.contracts.intake.TreatmentPlanApproved;
import care.ketamine.intake.InvalidRequest;
import care.ketamine.intake.audit.AuditTrail;
import care.ketamine.intake.care.CareTeam;
import care.ketamine.intake.domain.Breach;
import care.ketamine.intake.domain.CareAccess;
import care.ketamine.intake.domain.Eligibility;
import care.ketamine.intake.domain.MedicationOfConcern;
import care.ketamine.intake.domain.PlanTerms;
import care.ketamine.intake.licence.ClinicianLicence;
import care.ketamine.intake.patient.Patient;
import care.ketamine.intake.patient.PatientRepository;
import care.ketamine.intake.patient.PatientView;
import care.ketamine.intake.screening.ScreeningRecord;
import care.ketamine.platform.address.AddressRules;
import care.ketamine.platform.address.EmergencyNumbers;
import care.ketamine.platform.json.StoredJson;
import care.ketamine.platform.outbox.Outbox;
import care.ketamine.platform.problem.Problem;
import care.ketamine.platform.problem.ProblemException;
import care.ketamine.platform.security.Caller;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Use cases: a clinician licensed in the patient's state takes on the evaluation (joining the care
 * team) and approves or declines the latest screening; approval creates the treatment plan; a later
 * plan (maintenance) supersedes it; discharge ends it. Every write is a prescriber's: licensed in
 * the patient's state; a new plan and a discharge also need the care team.
 */
@ApplicationScoped
public class EvaluatePatient {

    private static final String ROUTE = "sublingual";

    private final PatientRepository patients;
    private final Outbox outbox;
    private final AuditTrail audit;
    private final CareTeam careTeam;
    private final StoredJson json;
    private final EmergencyNumbers emergencyNumbers;
    private final Clock clock;

    public EvaluatePatient(PatientRepository patients, Outbox outbox, AuditTrail audit, CareTeam careTeam, StoredJson json,
                           EmergencyNumbers emergencyNumbers, Clock clock) {
        this.emergencyNumbers = emergencyNumbers;
        this.patients = patients;
        this.outbox = outbox;
        this.audit = audit;
        this.careTeam = careTeam;
        this.json = json;
        this.clock = clock;
    }

    @Transactional
    public EvaluationView evaluate(UUID patientId, EvaluationRequest request, Caller caller) {
        PlanTerms terms = validate(request);
        Patient patient = patients.require(patientId);
        requireLicensedFor(patient, caller, "evaluation.record");
        requireInProgram(patient);
        takeOn(patient, caller, "evaluation.record");
        ScreeningRecord screening = ScreeningRecord.<ScreeningRecord>find("patientId", Sort.descending("screenedAt"), patientId)
                .firstResultOptional()
                .orElseThrow(() -> new ProblemException(Response.Status.CONFLICT, "The patient has no screening to evaluate"));
        if (request.decision() == EvaluationRequest.Decision.APPROVE
                && Eligibility.INELIGIBLE.name().equals(screening.eligibility)) {
            throw new ProblemException(Response.Status.CONFLICT,
                    "The latest screening is INELIGIBLE for at-home care; it cannot be approved. A new screening is needed.");
        }
        Evaluation evaluation = new Evaluation();
        evaluation.id = UUID.randomUUID();
        evaluation.patientId = patientId;
        evaluation.screeningId = screening.id;
        evaluation.clinicianId = caller.subject();
        evaluation.decision = request.decision().name();
        evaluation.note = request.note().strip();
        evaluation.decidedAt = clock.instant();
        evaluation.persist();
        TreatmentPlan plan = terms == null ? null
                : approve(patient, screening, terms, request.plan(), evaluation.id, caller);
        return new EvaluationView(evaluation.id, patientId, screening.id, evaluation.clinicianId, evaluation.decision,
                evaluation.note, evaluation.decidedAt, plan == null ? null : view(plan));
    }

    /**
     * A licensed clinician takes on a newly registered patient's evaluation: the first step that puts
     * them on the care team, so that they may read the record and screenings before deciding.
     */
    @Transactional
    public void takeOnEvaluation(UUID patientId, Caller caller) {
        Patient patient = patients.require(patientId);
        requireLicensedFor(patient, caller, "evaluation.take-on");
        requireInProgram(patient);
        takeOn(patient, caller, "evaluation.take-on");
        audit.read(caller, "evaluation.take-on", patientId);
    }

    /**
     * An admin hands a patient's evaluation to another clinician, who must be an active prescriber
     * licensed in the patient's state; the clinician who held it leaves that place on the care team.
     */
    @Transactional
    public void reassignEvaluation(UUID patientId, EvaluatorRequest request, Caller caller) {
        String clinicianId = request.clinicianId().strip();
        Patient patient = patients.require(patientId);
        requireInProgram(patient);
        ClinicianLicence licence = ClinicianLicence.findById(clinicianId);
        List<String> refusals = licence == null
                ? List.of("no licence is on record for this clinician")
                : licence.toLicence().refusalsFor(patient.usState);
        if (!refusals.isEmpty()) {
            throw new ProblemException(Response.Status.CONFLICT,
                    "Clinician " + clinicianId + " may not evaluate this patient: " + String.join("; ", refusals));
        }
        careTeam.reassignEvaluation(patientId, clinicianId);
        audit.read(caller, "evaluation.reassign", patientId);
    }

    /** One clinician evaluates a patient: another in-state prescriber cannot take it over (an admin can hand it on). */
    private void takeOn(Patient patient, Caller caller, String action) {
        String holder = careTeam.takeOnEvaluation(patient.id, caller.subject());
        if (holder != null) {
            audit.denied(caller, action, patient.id);
            throw new ProblemException(Response.Status.CONFLICT, "Clinician " + holder
                    + " has taken on this patient's evaluation; an admin can reassign it");
        }
    }

    /** A new plan (maintenance) for a patient who already has an approved one. */
    @Transactional
    public PlanView newPlan(UUID patientId, PlanRequest request, Caller caller) {
        PlanTerms terms = validTerms(request);
        Patient patient = patients.require(patientId);
        requireLicensedFor(patient, caller, "plan.record");
        careTeam.requireAccess(caller, patientId, CareAccess.Part.PLANS, "plan.record");
        requireInProgram(patient);
        if (TreatmentPlan.count("patientId = ?1 and status = 'ACTIVE'", patientId) == 0) {
            throw new ProblemException(Response.Status.CONFLICT,
                    "The patient has no approved plan: a clinician evaluates the screening first");
        }
        ScreeningRecord screening = ScreeningRecord.<ScreeningRecord>find("patientId", Sort.descending("screenedAt"), patientId)
                .firstResult();
        return view(approve(patient, screening, terms, request, null, caller));
    }

    /** A clinician discharges the patient from the program; the active plan ends with it. */
    @Transactional
    public PatientView discharge(UUID patientId, DischargeRequest request, Caller caller) {
        Patient patient = patients.require(patientId);
        // Ending treatment is a prescriber's decision, as approving it is.
        requireLicensedFor(patient, caller, "patient.discharge");
        careTeam.requireAccess(caller, patientId, CareAccess.Part.PLANS, "patient.discharge");
        if (patient.dischargedAt != null) {
            throw new ProblemException(Response.Status.CONFLICT, "The patient was already discharged on " + patient.dischargedAt);
        }
        Instant now = clock.instant();
        patient.dischargedAt = now;
        patient.dischargedBy = caller.subject();
        patient.dischargeReason = request.reason().strip();
        TreatmentPlan active = TreatmentPlan.<TreatmentPlan>find("patientId = ?1 and status = 'ACTIVE'", patientId).firstResult();
        if (active != null) {
            active.status = "SUPERSEDED";
            active.supersededAt = now;
        }
        outbox.append(Topics.INTAKE_PATIENTS, EventEnvelope.wrap(PatientDischarged.TYPE, patientId.toString(),
                new PatientDischarged(patientId.toString(), active == null ? null : active.id.toString(),
                        caller.subject(), now), clock));
        audit.read(caller, "patient.discharge", patientId);
        return PatientView.of(patient);
    }

    @Transactional
    public List<PlanView> plans(UUID patientId, Caller caller) {
        careTeam.requireAccess(caller, patientId, CareAccess.Part.PLANS, "plan.list");
        patients.require(patientId);
        audit.read(caller, "plan.list", patientId);
        return TreatmentPlan.<TreatmentPlan>list("patientId", Sort.descending("approvedAt"), patientId)
                .stream().map(this::view).toList();
    }

    /**
     * @param request the plan as written (checked): its dosing address, or none for the superseded plan's, if any; and
     *                whether the sitter is texted, which a plan left silent turns on
     */
    private TreatmentPlan approve(Patient patient, ScreeningRecord screening, PlanTerms terms,
                                  PlanRequest request, UUID evaluationId, Caller caller) {
        DosingAddressRequest typedAddress = request.dosingAddress();
        Instant now = clock.instant();
        TreatmentPlan previous = TreatmentPlan.<TreatmentPlan>find("patientId = ?1 and status = 'ACTIVE'", patient.id)
                .firstResult();
        if (previous != null) {
            previous.status = "SUPERSEDED";
            previous.supersededAt = now;
            TreatmentPlan.flush(); // one ACTIVE plan per patient: the old one must be superseded first
        }
        TreatmentPlan plan = new TreatmentPlan();
        plan.id = UUID.randomUUID();
        plan.patientId = patient.id;
        plan.evaluationId = evaluationId;
        plan.supersedesPlanId = previous == null ? null : previous.id;
        plan.status = "ACTIVE";
        plan.dosingSessions = terms.dosingSessions();
        plan.minDaysBetweenDoses = terms.minDaysBetweenDoses();
        plan.doseMg = terms.doseMg();
        plan.thresholds = json.write(terms.thresholds());
        plan.patientQuietFromMinutes = terms.patientQuietWindow().fromMinutes();
        plan.patientQuietUntilMinutes = terms.patientQuietWindow().untilMinutes();
        DosingAddress address = typedAddress != null
                ? AddressRules.normalise(typedAddress.toAddress(), emergencyNumbers)
                : previous == null || previous.dosingAddress == null ? null
                : json.read(previous.dosingAddress, DosingAddress.class);
        plan.dosingAddress = address == null ? null : json.write(address);
        plan.textSitterOnCriticalAlerts = request.textsSitter();
        plan.approvedBy = caller.subject();
        plan.approvedAt = now;
        plan.persist();

        String id = patient.id.toString();
        outbox.append(Topics.INTAKE_PATIENTS, EventEnvelope.wrap(TreatmentPlanApproved.TYPE, id,
                new TreatmentPlanApproved(id, plan.id.toString(), previous == null ? null : previous.id.toString(),
                        patient.usState, patient.timezone, plan.dosingSessions, plan.minDaysBetweenDoses, plan.doseMg,
                        terms.thresholds(), screening.baselineSystolic, screening.baselineDiastolic,
                        new TreatmentPlanApproved.Person(patient.sitterName, patient.sitterPhone, patient.sitterRelationship),
                        new TreatmentPlanApproved.Person(patient.emergencyName, patient.emergencyPhone,
                                patient.emergencyRelationship),
                        caller.subject(), now, medicationsOfConcern(screening), terms.patientQuietWindow(), address,
                        plan.textSitterOnCriticalAlerts,
                        new TreatmentPlanApproved.Patient(patient.givenName, patient.familyName, patient.dateOfBirth)), clock));
        return plan;
    }

    /** The classes of concern the screening recorded, in words: the monitoring record lists them, never the answers. */
    private static List<String> medicationsOfConcern(ScreeningRecord screening) {
        List<String> recorded = List.of(screening.medications);
        return Arrays.stream(MedicationOfConcern.values()).filter(m -> recorded.contains(m.name()))
                .map(MedicationOfConcern::words).toList();
    }

    private static void requireInProgram(Patient patient) {
        if (patient.dischargedAt != null) {
            throw new ProblemException(Response.Status.CONFLICT, "The patient was discharged from the program");
        }
    }

    private void requireLicensedFor(Patient patient, Caller caller, String action) {
        ClinicianLicence licence = ClinicianLicence.findById(caller.subject());
        List<String> refusals = licence == null
                ? List.of("no licence is on record for this clinician")
                : licence.toLicence().refusalsFor(patient.usState);
        if (!refusals.isEmpty()) {
            audit.denied(caller, action, patient.id);
            throw new ProblemException(Problem.of(Response.Status.FORBIDDEN,
                    "This clinician may not evaluate this patient: " + String.join("; ", refusals)));
        }
    }

    private static PlanTerms validate(EvaluationRequest request) {
        // The decision and the note are checked already (Bean Validation): here, the plan an approval needs.
        List<Breach> breaches = new ArrayList<>();
        PlanTerms terms = null;
        if (request.decision() == EvaluationRequest.Decision.APPROVE) {
            if (request.plan() == null) {
                breaches.add(new Breach("plan", "is required to approve"));
            } else {
                terms = request.plan().toTerms();
                breaches.addAll(terms.check());
                breaches.addAll(addressBreaches(request.plan()));
            }
        }
        if (!breaches.isEmpty()) {
            throw InvalidRequest.of("The evaluation was not recorded: " + breaches.size() + " problem(s)", breaches);
        }
        return terms;
    }

    private static PlanTerms validTerms(PlanRequest request) {
        PlanTerms terms = request.toTerms();
        List<Breach> breaches = new ArrayList<>(terms.check());
        breaches.addAll(addressBreaches(request));
        if (!breaches.isEmpty()) {
            throw InvalidRequest.of("The plan was not saved: " + breaches.size() + " problem(s)", breaches);
        }
        return terms;
    }

    /** A dosing address is optional on a plan; one given must be whole. */
    private static List<Breach> addressBreaches(PlanRequest plan) {
        return plan.dosingAddress() == null ? List.of()
                : AddressRules.check("plan.dosingAddress", plan.dosingAddress().toAddress()).stream()
                .map(v -> new Breach(v.field(), v.rule())).toList();
    }

    private PlanView view(TreatmentPlan p) {
        return new PlanView(p.id, p.patientId, p.status, p.supersedesPlanId, p.dosingSessions, p.minDaysBetweenDoses,
                p.doseMg, ROUTE, json.read(p.thresholds, MonitoringThresholds.class),
                p.patientQuietFromMinutes == null ? null
                        : new PatientQuietWindow(p.patientQuietFromMinutes, p.patientQuietUntilMinutes),
                p.approvedBy, p.approvedAt, p.supersededAt,
                p.dosingAddress == null ? null : json.read(p.dosingAddress, DosingAddress.class),
                p.textSitterOnCriticalAlerts);
    }

}
