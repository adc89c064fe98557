package care.ketamine.session.session;

import care.ketamine.contracts.intake.MonitoringThresholds;
import care.ketamine.contracts.intake.TreatmentPlanApproved;
import care.ketamine.platform.problem.FreeText;
import care.ketamine.platform.problem.ProblemException;
import care.ketamine.platform.time.ClinicalTime;
import care.ketamine.session.device.PairedDevice;
import care.ketamine.session.domain.ConversationSession;
import care.ketamine.session.domain.DosingSession;
import care.ketamine.session.domain.GateLimits;
import care.ketamine.session.domain.GateReading;
import care.ketamine.session.domain.IllegalTransition;
import care.ketamine.session.domain.ProtocolTimes;
import care.ketamine.session.domain.SessionState;
import care.ketamine.session.domain.SessionType;
import care.ketamine.session.domain.Transition;
import care.ketamine.session.plan.PatientPlan;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * Use case: the clinician walks a session through its lifecycle. The domain state machine
 * decides; this records the step and publishes it, in one transaction.
 */
@ApplicationScoped
public class RunSession {

    /** The lifecycle requests, by the path segment that asks for them. */
    public enum Step {
        CHECK_IN, GATE, DOSE, MONITORING, RECOVERY, COMPLETE, ABORT, CANCEL;

        /** A step as a path names it (check-in, dose...), or 404. */
        public static Step named(String name) {
            try {
                return valueOf(name.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw ProblemException.notFound("Step " + name);
            }
        }
    }

    private final SessionBook book;
    private final Clock clock;
    private final ProtocolTimes times;

    public RunSession(SessionBook book, Clock clock, ClinicalTime clinicalTime) {
        this.book = book;
        this.clock = clock;
        this.times = ProtocolTimes.compressedBy(clinicalTime.compression());
    }

    @Transactional
    public SessionView step(UUID id, Step step, StepRequest request, SessionAccess access) {
        SessionRecord s = book.require(id);
        if (step == Step.CANCEL) {
            access.requireCareOrScheduling(s);
        } else {
            access.requireCare(s);
        }
        StepRequest r = request == null ? StepRequest.EMPTY : request;
        FreeText.fields().check(FreeText.REASON, "reason", r.reason()).check(FreeText.NAME, "sitterName", r.sitterName())
                .orRefuse("The step was not taken");
        if ((step == Step.ABORT || step == Step.CANCEL) && (r.reason() == null || r.reason().isBlank())) {
            throw ProblemException.invalid("A reason is required",
                    java.util.List.of(new care.ketamine.platform.problem.Problem.Violation("reason", "is required to "
                            + step.name().toLowerCase() + " a session")));
        }
        Instant now = clock.instant();
        String from = s.state;
        Transition t;
        try {
            t = SessionType.DOSING.name().equals(s.type) ? dosing(s, step, r, access.subject(), now)
                    : conversation(s, step, r, access.subject(), now);
        } catch (IllegalTransition refused) {
            throw new ProblemException(Response.Status.CONFLICT, refused.getMessage());
        }
        s.state = t.to().name();
        book.record(s, t.to().name(), from, access.subject(), t.reason(), now);
        return book.view(s);
    }

    private Transition dosing(SessionRecord s, Step step, StepRequest r, String actor, Instant now) {
        PatientPlan plan = PatientPlan.findById(s.patientId);
        MonitoringThresholds thresholds = book.read(plan.thresholds, MonitoringThresholds.class);
        TreatmentPlanApproved.Person sitter = book.read(plan.sitter, TreatmentPlanApproved.Person.class);
        DosingSession session = new DosingSession(times, SessionState.valueOf(s.state), sitter.name(),
                new GateLimits(thresholds.gateMaxSystolic(), thresholds.gateMaxDiastolic(), thresholds.gateMaxHeartRate()),
                s.heldAt, s.dosedAt);
        Transition t = switch (step) {
            case CHECK_IN -> session.checkIn(r.confirmsPatientOnline(), devicePaired(s.id, now), r.sitterName(), actor, now);
            case GATE -> session.runGate(latestReading(s.id), actor, now);
            case DOSE -> session.authorizeDose(actor, now);
            case MONITORING -> session.startMonitoring(actor, now);
            case RECOVERY -> session.confirmRecovery(r.confirmsVitalsNearBaseline(), r.confirmsResponsive(), r.confirmsSitterPresent(), actor, now);
            case COMPLETE -> session.complete(actor, now);
            case ABORT -> session.abort(r.reason(), actor, now);
            case CANCEL -> session.cancel(r.reason(), actor, now);
        };
        s.heldAt = session.heldAt();
        s.dosedAt = session.dosedAt();
        if (session.preDoseReading() != null) {
            s.preDoseSystolic = session.preDoseReading().systolic();
            s.preDoseDiastolic = session.preDoseReading().diastolic();
            s.preDoseHeartRate = session.preDoseReading().heartRate();
        }
        return t;
    }

    private static Transition conversation(SessionRecord s, Step step, StepRequest r, String actor, Instant now) {
        ConversationSession session = new ConversationSession(SessionState.valueOf(s.state));
        BiFunction<SessionState, String, Transition> end = (to, reason) -> session.end(to, reason, actor, now);
        return switch (step) {
            case COMPLETE -> session.complete(actor, now);
            case ABORT -> end.apply(SessionState.ABORTED, r.reason());
            case CANCEL -> end.apply(SessionState.CANCELLED, r.reason());
            default -> throw new IllegalTransition("a " + s.type + " session has no " + step.name().toLowerCase()
                    + " step: it is completed, cancelled or aborted");
        };
    }

    private static boolean devicePaired(UUID sessionId, Instant now) {
        return PairedDevice.count("sessionId = ?1 and role = 'patient-device' and revokedAt is null and expiresAt > ?2",
                sessionId, now) > 0;
    }

    private static GateReading latestReading(UUID sessionId) {
        LatestReading latest = LatestReading.findById(sessionId);
        return latest == null ? null
                : new GateReading(latest.systolic, latest.diastolic, latest.heartRate, latest.measuredAt);
    }
}
