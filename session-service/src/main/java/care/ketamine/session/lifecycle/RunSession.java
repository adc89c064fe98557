package care.ketamine.session.lifecycle;

import care.ketamine.contracts.intake.MonitoringThresholds;
import care.ketamine.contracts.intake.TreatmentPlanApproved;
import care.ketamine.contracts.intake.DosingAddress;
import care.ketamine.platform.address.AddressRules;
import care.ketamine.platform.address.EmergencyNumbers;
import care.ketamine.platform.problem.Problem;
import care.ketamine.platform.problem.ProblemException;
import care.ketamine.platform.time.ClinicalTime;
import care.ketamine.session.device.PairedDevice;
import care.ketamine.session.domain.ConversationSession;
import care.ketamine.session.domain.DischargeFacts;
import care.ketamine.session.domain.DischargeOverride;
import care.ketamine.session.domain.DischargeProposal;
import care.ketamine.session.domain.DoseChecks;
import care.ketamine.session.domain.DosingSession;
import care.ketamine.session.domain.GateLimits;
import care.ketamine.session.domain.GateReading;
import care.ketamine.session.domain.Handover;
import care.ketamine.session.domain.IllegalTransition;
import care.ketamine.session.domain.ProtocolTimes;
import care.ketamine.session.domain.SessionState;
import care.ketamine.session.domain.SessionType;
import care.ketamine.session.domain.StepFacts;
import care.ketamine.session.domain.StepOffer;
import care.ketamine.session.domain.Transition;
import care.ketamine.session.plan.PatientPlan;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * Use case: the clinician walks a session through its lifecycle. The domain state machine
 * decides on facts read from this service's tables at that moment; this records the step and
 * publishes it, in one transaction. A passed gate or an authorization that has expired is moved
 * back to CHECKED_IN first (recorded and published on its own, so a refused step does not undo it).
 */
@ApplicationScoped
public class RunSession {

    /** The lifecycle requests, by the path segment that asks for them. */
    public enum Step {
        CHECK_IN, GATE, DOSE, TABLET_TAKEN, MONITORING, RECOVERY, COMPLETE, ABORT, CANCEL, HANDOVER, DISCHARGE;

        /** A step as a path names it (check-in, tablet-taken...), or 404. */
        public static Step named(String name) {
            try {
                return valueOf(name.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw ProblemException.notFound("Step " + name);
            }
        }
    }

    private final SessionBook book;
    private final SessionFacts facts;
    private final Clock clock;
    private final ProtocolTimes times;
    private final EmergencyNumbers emergencyNumbers;

    public RunSession(SessionBook book, SessionFacts facts, Clock clock, ClinicalTime clinicalTime,
                      EmergencyNumbers emergencyNumbers) {
        this.emergencyNumbers = emergencyNumbers;
        this.book = book;
        this.facts = facts;
        this.clock = clock;
        this.times = ProtocolTimes.compressedBy(clinicalTime.compression());
    }

    /** A step asked through the API by a clinician (or an admin; a scheduler may cancel). */
    public SessionView step(UUID id, Step step, StepRequest request, SessionAccess access) {
        StepRequest r = request == null ? StepRequest.EMPTY : request;
        return afterExpiry(id, () -> take(id, step, r, s -> {
            if (step == Step.CANCEL) {
                access.requireCareOrScheduling(s);
            } else {
                access.requireCare(s);
            }
        }, access.subject(), "the clinician " + access.subject() + " on the patient's behalf"));
    }

    /**
     * The patient's own device confirms the tablet taken (the device-token endpoint calls this): the
     * device must be the session's paired, unrevoked patient device.
     */
    public SessionView tabletTakenOnDevice(UUID id, String deviceId) {
        return afterExpiry(id, () -> take(id, Step.TABLET_TAKEN, StepRequest.EMPTY, s -> {
            UUID device;
            try {
                device = UUID.fromString(deviceId);
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new ProblemException(Response.Status.FORBIDDEN, "Not a device of this session");
            }
            if (PairedDevice.count("id = ?1 and sessionId = ?2 and role = 'patient-device' and revokedAt is null "
                    + "and expiresAt > ?3", device, s.id, clock.instant()) == 0) {
                throw new ProblemException(Response.Status.FORBIDDEN, "Only the session's paired patient device may confirm this");
            }
        }, "device:" + deviceId, "the patient's device " + deviceId));
    }

    /**
     * The clinician confirms the patient is at the dosing address on file, or records where they are today, after
     * check-in and before the dose is authorized; published so that alerting's emergency step shows it.
     */
    public SessionView confirmAddress(UUID id, StepRequest request, SessionAccess access) {
        StepRequest r = request == null ? StepRequest.EMPTY : request;
        return afterExpiry(id, () -> {
            SessionRecord s = book.require(id);
            access.requireCare(s);
            refuseBadAddress(r, true);
            if (!SessionType.DOSING.name().equals(s.type)) {
                throw new ProblemException(Response.Status.CONFLICT, "Only a dosing session has a dosing address");
            }
            SessionState state = SessionState.valueOf(s.state);
            if (state != SessionState.CHECKED_IN && state != SessionState.HELD && state != SessionState.PRE_DOSE_CHECK) {
                throw new ProblemException(Response.Status.CONFLICT, "The dosing address is confirmed at check-in or after "
                        + "it, before the dose is authorized; the session is " + state);
            }
            Instant now = clock.instant();
            String reason = keepAddress(s, r, access.subject(), now);
            book.publish(s, ADDRESS_CONFIRMED, s.state, access.subject(), reason, now, null);
            return book.view(s);
        });
    }

    static final String ADDRESS_CONFIRMED = "ADDRESS_CONFIRMED";

    /**
     * Keeps today's address (when given) and who confirmed the patient is there, and when; the reason as published.
     * 409 when the clinician confirms an address on file and none is.
     */
    private String keepAddress(SessionRecord s, StepRequest r, String actor, Instant now) {
        if (r.dosingAddress() != null) {
            DosingAddress today = AddressRules.normalise(r.dosingAddress().toAddress(), emergencyNumbers);
            s.dosingAddress = book.write(today);
        } else if (s.dosingAddress == null && PatientPlan.<PatientPlan>findById(s.patientId).dosingAddress == null) {
            throw new ProblemException(Problem.of(Response.Status.CONFLICT, "No dosing address is on file for this "
                    + "patient: record where they are today (dosingAddress)"));
        }
        s.addressConfirmedBy = actor;
        s.addressConfirmedAt = now;
        return r.dosingAddress() != null ? "dosing address for this session recorded and confirmed"
                : "the patient is at the dosing address on file";
    }

    /** 400 for a dosing address that is incomplete or too long; {@code required}: one of the two must be given. */
    private static void refuseBadAddress(StepRequest r, boolean required) {
        List<Problem.Violation> broken = new ArrayList<>();
        if (required && !r.concernsAddress()) {
            broken.add(new Problem.Violation("addressConfirmed", "confirm the address on file (true), or give dosingAddress"));
        }
        if (r.dosingAddress() != null) {
            broken.addAll(AddressRules.check("dosingAddress", r.dosingAddress().toAddress()));
        }
        if (!broken.isEmpty()) {
            throw ProblemException.invalid("The dosing address was not confirmed", broken);
        }
    }

    /** The system's discharge proposal for a dosed session, now. */
    @Transactional
    public DischargeView discharge(UUID id, SessionAccess access) {
        SessionRecord s = book.require(id);
        access.requireCare(s);
        if (!SessionType.DOSING.name().equals(s.type) || s.dosedAt == null) {
            throw new ProblemException(Response.Status.CONFLICT, "No tablet has been taken in this session: there is "
                    + "nothing to discharge from");
        }
        return DischargeView.of(s.id, s.state, proposal(s, clock.instant()));
    }

    /**
     * Moves a session whose gate result or authorization has expired back to CHECKED_IN, recorded
     * and published, in a transaction of its own; the transition, or empty when nothing was due.
     */
    public Optional<Transition> expire(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> {
            SessionRecord s = SessionRecord.findById(id);
            if (s == null || !SessionType.DOSING.name().equals(s.type)) {
                return Optional.<Transition>empty();
            }
            Instant now = clock.instant();
            String from = s.state;
            DosingSession session = restore(s);
            Optional<Transition> expired = session.expire(now);
            expired.ifPresent(t -> {
                keep(s, session);
                book.record(s, t.to().name(), from, t.actor(), t.reason(), now);
            });
            return expired;
        });
    }

    private SessionView afterExpiry(UUID id, java.util.concurrent.Callable<SessionView> step) {
        Optional<Transition> expired = expire(id);
        try {
            return QuarkusTransaction.requiringNew().call(step);
        } catch (ProblemException refused) {
            if (expired.isEmpty() || refused.problem().status() != Response.Status.CONFLICT.getStatusCode()) {
                throw refused;
            }
            Problem p = refused.problem();
            throw new ProblemException(new Problem(p.type(), p.title(), p.status(), expired.get().reason() + ". "
                    + p.detail(), p.violations(), p.extensions()));
        }
    }

    private SessionView take(UUID id, Step step, StepRequest r, java.util.function.Consumer<SessionRecord> authorize,
                             String actor, String tabletConfirmedBy) {
        SessionRecord s = book.require(id);
        authorize.accept(s);
        refuseBadInput(step, r);
        Instant now = clock.instant();
        String from = s.state;
        Transition t;
        boolean confirmsAddress = step == Step.CHECK_IN && r.concernsAddress() && SessionType.DOSING.name().equals(s.type);
        try {
            t = SessionType.DOSING.name().equals(s.type) ? dosing(s, step, r, actor, tabletConfirmedBy, now)
                    : conversation(s, step, r, actor, now);
            if (confirmsAddress) {
                // After a check-in that passed, so that a refused one keeps nothing; the CHECKED_IN event carries it.
                keepAddress(s, r, actor, now);
            }
        } catch (IllegalTransition refused) {
            Problem problem = Problem.of(Response.Status.CONFLICT, refused.getMessage());
            throw new ProblemException(refused.reasons().isEmpty() ? problem : problem.withViolations(refused.reasons()
                    .stream().map(reason -> new Problem.Violation(step.name().toLowerCase(java.util.Locale.ROOT)
                            .replace('_', '-'), reason)).toList()));
        }
        s.state = t.to().name();
        book.record(s, t.to().name(), from, actor, t.reason(), now);
        return book.view(s);
    }

    private Transition dosing(SessionRecord s, Step step, StepRequest r, String actor, String tabletConfirmedBy,
                              Instant now) {
        DosingSession session = restore(s);
        Transition t = switch (step) {
            case CHECK_IN -> session.checkIn(r.confirmsPatientOnline(), devicePaired(s.id, now), r.sitterName(), actor, now);
            case GATE -> session.runGate(facts.latestVitals(s.id, now).bloodPressure(), actor, now);
            case DOSE -> session.authorizeDose(doseChecks(s, now), actor, now);
            case TABLET_TAKEN -> session.tabletTaken(tabletConfirmedBy, actor, now);
            case MONITORING -> session.startMonitoring(actor, now);
            case RECOVERY, DISCHARGE -> {
                DischargeProposal proposal = proposal(s, now);
                List<DischargeOverride> overrides = r.overridesOrNone().stream()
                        .map(o -> new DischargeOverride(o.criterion(), o.reason())).toList();
                Transition done = step == Step.RECOVERY ? session.confirmRecovery(proposal, overrides, actor, now)
                        : session.discharge(proposal, overrides, actor, now);
                recordOverrides(s, done, proposal, overrides);
                yield done;
            }
            case COMPLETE -> session.complete(facts.openAlerts(s.id), actor, now);
            case ABORT -> session.abort(r.reason(), actor, now);
            case CANCEL -> session.cancel(r.reason(), actor, now);
            case HANDOVER -> {
                Transition done = session.handOver(new Handover(r.called(), r.calledAt(), r.reason()), actor, now);
                SessionHandover h = new SessionHandover();
                h.sessionId = s.id;
                h.called = r.called().strip();
                h.calledAt = r.calledAt();
                h.reason = r.reason().strip();
                h.recordedBy = actor;
                h.recordedAt = now;
                h.persist();
                yield done;
            }
        };
        keep(s, session);
        return t;
    }

    /**
     * The steps offered on a dosing session now (none on another type), each allowed or refused with the reason its
     * step would be refused with: the domain's own checks on the facts the steps read, after the expiry the steps
     * apply first (in memory here: the sweep records it). In the caller's transaction.
     */
    public List<StepOffer> offers(SessionRecord s) {
        if (!SessionType.DOSING.name().equals(s.type)) {
            return List.of();
        }
        Instant now = clock.instant();
        DosingSession session = restore(s);
        session.expire(now);
        SessionState state = session.state();
        return session.offers(new StepFacts(state == SessionState.SCHEDULED && devicePaired(s.id, now),
                state == SessionState.PRE_DOSE_CHECK ? doseChecks(s, now) : null,
                state == SessionState.MONITORING || state == SessionState.ENDED_EARLY ? proposal(s, now) : null,
                state == SessionState.RECOVERED ? facts.openAlerts(s.id) : List.of()), now);
    }

    private DoseChecks doseChecks(SessionRecord s, Instant now) {
        return new DoseChecks(facts.latestVitals(s.id, now), facts.openAlerts(s.id), facts.latestSitter(s.id), spo2Floor(s));
    }

    /** The session as the domain sees it, from its row and its plan. */
    private DosingSession restore(SessionRecord s) {
        PatientPlan plan = PatientPlan.findById(s.patientId);
        MonitoringThresholds thresholds = book.read(plan.thresholds, MonitoringThresholds.class);
        TreatmentPlanApproved.Person sitter = book.read(plan.sitter, TreatmentPlanApproved.Person.class);
        return new DosingSession(times, SessionState.valueOf(s.state), sitter.name(),
                new GateLimits(thresholds.gateMaxSystolic(), thresholds.gateMaxDiastolic(), thresholds.gateMaxHeartRate()),
                s.heldAt, s.gatePassedAt, s.doseAuthorizedAt, s.dosedAt).endedEarlyBecause(s.endedEarlyReason)
                .addressConfirmedAt(s.addressConfirmedAt);
    }

    private static void keep(SessionRecord s, DosingSession session) {
        s.state = session.state().name();
        s.heldAt = session.heldAt();
        s.gatePassedAt = session.gatePassedAt();
        s.doseAuthorizedAt = session.authorizedAt();
        s.dosedAt = session.dosedAt();
        if (session.tabletConfirmedBy() != null) {
            s.tabletConfirmedBy = session.tabletConfirmedBy();
        }
        s.endedEarlyReason = session.endedEarlyReason();
        if (session.preDoseReading() != null) {
            s.preDoseSystolic = session.preDoseReading().systolic();
            s.preDoseDiastolic = session.preDoseReading().diastolic();
            s.preDoseHeartRate = session.preDoseReading().heartRate();
        }
    }

    private DischargeProposal proposal(SessionRecord s, Instant now) {
        GateReading preDose = s.preDoseSystolic == null ? null
                : new GateReading(s.preDoseSystolic, s.preDoseDiastolic, s.preDoseHeartRate, null);
        return new DischargeFacts(preDose, facts.readingsSince(s.id, now.minus(times.dischargeWindow())),
                facts.latestSitter(s.id), facts.latestPatient(s.id), facts.openAlerts(s.id), s.dosedAt, spo2Floor(s),
                facts.pairedReadingKinds(s.id, now)).propose(times, now);
    }

    /**
     * The SpO2 floor for the dose and discharge: 94 %, or the plan's SpO2 warning threshold when that
     * is stricter (the plan carries no floor of its own).
     */
    private int spo2Floor(SessionRecord s) {
        PatientPlan plan = PatientPlan.findById(s.patientId);
        return Math.max(DoseChecks.DEFAULT_SPO2_FLOOR, book.read(plan.thresholds, MonitoringThresholds.class).spo2Warning());
    }

    private static void recordOverrides(SessionRecord s, Transition done, DischargeProposal proposal,
                                        List<DischargeOverride> overrides) {
        Map<String, String> reasons = new java.util.HashMap<>();
        overrides.forEach(o -> reasons.merge(o.criterion(), o.reason().strip(), (a, b) -> a + "; " + b));
        for (DischargeProposal.Criterion c : proposal.unmet()) {
            if (c.overridable() && reasons.containsKey(c.name())) {
                DischargeOverrideRecord o = new DischargeOverrideRecord();
                o.sessionId = s.id;
                o.toState = done.to().name();
                o.criterion = c.name();
                o.figures = c.figures();
                o.reason = reasons.get(c.name());
                o.actor = done.actor();
                o.at = done.at();
                o.persist();
            }
        }
    }

    /**
     * 400 for what this step needs and was not given, before anything changes (the limits every step keeps are
     * StepRequest's annotations, checked before the request gets here).
     */
    private void refuseBadInput(Step step, StepRequest r) {
        if (step == Step.CHECK_IN) {
            refuseBadAddress(r, false);
        }
        List<Problem.Violation> missing = new ArrayList<>();
        String action = step.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        if ((step == Step.ABORT || step == Step.CANCEL || step == Step.HANDOVER) && blank(r.reason())) {
            missing.add(new Problem.Violation("reason", "is required to " + action + " a session"));
        }
        if (step == Step.HANDOVER) {
            if (blank(r.called())) {
                missing.add(new Problem.Violation("called", "who was called is required (e.g. 911, EMS unit 12)"));
            }
            if (r.calledAt() == null) {
                missing.add(new Problem.Violation("calledAt", "when they were called is required"));
            } else if (r.calledAt().isAfter(clock.instant())) {
                missing.add(new Problem.Violation("calledAt", "cannot be in the future"));
            }
        }
        if (step == Step.RECOVERY || step == Step.DISCHARGE) {
            for (int i = 0; i < r.overridesOrNone().size(); i++) {
                StepRequest.Override o = r.overridesOrNone().get(i);
                if (o == null || !DischargeProposal.NAMES.contains(o.criterion())) {
                    missing.add(new Problem.Violation("overrides[" + i + "].criterion", "must be one of vitals, sitter, "
                            + "patient, alerts"));
                } else if (DischargeProposal.FLOOR.equals(o.criterion())) {
                    missing.add(new Problem.Violation("overrides[" + i + "].criterion", "the monitoring floor cannot be "
                            + "overridden"));
                }
                if (o != null && blank(o.reason())) {
                    missing.add(new Problem.Violation("overrides[" + i + "].reason", "a written reason is required to "
                            + "override a criterion"));
                }
            }
        }
        if (!missing.isEmpty()) {
            throw ProblemException.invalid("The step was not taken", missing);
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static Transition conversation(SessionRecord s, Step step, StepRequest r, String actor, Instant now) {
        ConversationSession session = new ConversationSession(SessionState.valueOf(s.state));
        BiFunction<SessionState, String, Transition> end = (to, reason) -> session.end(to, reason, actor, now);
        return switch (step) {
            case COMPLETE -> session.complete(actor, now);
            case ABORT -> end.apply(SessionState.ABORTED, r.reason());
            case CANCEL -> end.apply(SessionState.CANCELLED, r.reason());
            default -> throw new IllegalTransition("a " + s.type + " session has no " + step.name().toLowerCase()
                    .replace('_', '-') + " step: it is completed, cancelled or aborted");
        };
    }

    private static boolean devicePaired(UUID sessionId, Instant now) {
        return PairedDevice.count("sessionId = ?1 and role = 'patient-device' and revokedAt is null and expiresAt > ?2",
                sessionId, now) > 0;
    }
}
