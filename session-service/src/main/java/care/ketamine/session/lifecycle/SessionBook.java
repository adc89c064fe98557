package care.ketamine.session.lifecycle;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.intake.DosingAddress;
import care.ketamine.contracts.intake.MonitoringThresholds;
import care.ketamine.contracts.intake.TreatmentPlanApproved;
import care.ketamine.contracts.sessions.PairedDevice;
import care.ketamine.contracts.sessions.SessionAddress;
import care.ketamine.contracts.sessions.SessionChanged;
import care.ketamine.platform.outbox.Outbox;
import care.ketamine.platform.problem.ProblemException;
import care.ketamine.session.clinician.Clinician;
import care.ketamine.session.plan.PatientPlan;
import care.ketamine.platform.json.StoredJson;
import care.ketamine.platform.time.ClinicalTime;
import care.ketamine.session.domain.DosingSession;
import care.ketamine.session.domain.ProtocolTimes;
import care.ketamine.session.domain.SessionState;
import care.ketamine.session.domain.SessionType;
import java.util.List;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.UUID;

/**
 * What every session use case shares: finding a session, recording a step with its event in
 * the same transaction, and the view.
 */
@ApplicationScoped
public class SessionBook {

    private final Outbox outbox;
    private final StoredJson json;
    private final Clock clock;
    private final SessionSettings settings;
    private final FindAvailability availability;
    private final ProtocolTimes times;

    public SessionBook(Outbox outbox, StoredJson json, Clock clock, SessionSettings settings,
                       FindAvailability availability, ClinicalTime clinicalTime) {
        this.times = ProtocolTimes.compressedBy(clinicalTime.compression());
        this.outbox = outbox;
        this.json = json;
        this.clock = clock;
        this.settings = settings;
        this.availability = availability;
    }

    public SessionRecord require(UUID id) {
        SessionRecord session = SessionRecord.findById(id);
        if (session == null) {
            throw ProblemException.notFound("Session " + id);
        }
        return session;
    }

    /** Records a step and publishes it on sessions.lifecycle, in the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    void record(SessionRecord s, String change, String from, String actor, String reason, Instant at) {
        SessionTransition t = new SessionTransition();
        t.sessionId = s.id;
        t.fromState = from;
        t.toState = s.state;
        t.actor = actor;
        t.at = at;
        t.reason = reason;
        t.persist();
        publish(s, change, from, actor, reason, at, null);
    }

    /** Publishes a change on sessions.lifecycle, in the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void publish(SessionRecord s, String change, String from, String actor, String reason, Instant at, String deviceId) {
        publish(s, change, from, actor, reason, at, deviceId, null);
    }

    /** Publishes a change on sessions.lifecycle, in the caller's transaction; {@code device} on DEVICE_PAIRED. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void publish(SessionRecord s, String change, String from, String actor, String reason, Instant at, String deviceId,
                        PairedDevice device) {
        PatientPlan plan = PatientPlan.findById(s.patientId);
        // Contacts only on the session's own changes, which alerting needs to call them; never on device events. The
        // plan's word on texting the sitter travels with them.
        boolean contacts = deviceId == null;
        outbox.append(Topics.SESSIONS_LIFECYCLE, EventEnvelope.wrap(SessionChanged.TYPE, s.id.toString(),
                new SessionChanged(s.id.toString(), s.patientId.toString(), s.clinicianId, s.type, change, from, s.state,
                        actor, reason, at, s.startsAt, s.endsAt, s.dosedAt, read(plan.thresholds, MonitoringThresholds.class),
                        plan.baselineSystolic, plan.baselineDiastolic, s.preDoseSystolic, s.preDoseDiastolic,
                        settings.checkInEveryMinutes(), settings.checkInForMinutes(),
                        contacts ? read(plan.sitter, TreatmentPlanApproved.Person.class) : null,
                        contacts ? read(plan.emergencyContact, TreatmentPlanApproved.Person.class) : null, deviceId,
                        device, plan.patientQuietWindow(), contacts ? address(s, plan) : null,
                        contacts ? plan.textSitterOnCriticalAlerts : null), clock));
    }

    /**
     * The session's dosing address: the one recorded for it at check-in, else the plan's; with who confirmed the
     * patient is there, and when. Null when neither is on file.
     */
    public SessionAddress address(SessionRecord s, PatientPlan plan) {
        String address = s.dosingAddress != null ? s.dosingAddress : plan.dosingAddress;
        return address == null ? null
                : new SessionAddress(read(address, DosingAddress.class), s.addressConfirmedBy, s.addressConfirmedAt);
    }

    public SessionView view(SessionRecord s) {
        PatientPlan plan = PatientPlan.findById(s.patientId);
        Clinician clinician = Clinician.findById(s.clinicianId);
        ZoneId patientZone = ZoneId.of(plan.timezone);
        ZoneId clinicianZone = ZoneId.of(clinician.timezone);
        var history = SessionTransition.<SessionTransition>list("sessionId", Sort.ascending("id"), s.id).stream()
                .map(t -> new SessionView.Step(t.fromState, t.toState, t.actor, t.at, t.reason)).toList();
        return new SessionView(s.id, s.patientId, s.clinicianId, s.planId, s.type, s.state, s.startsAt, s.endsAt,
                s.startsAt.atZone(patientZone).toLocalDateTime(), plan.timezone,
                s.startsAt.atZone(clinicianZone).toLocalDateTime(), clinician.timezone, s.dosedAt, s.tabletConfirmedBy,
                SessionState.PRE_DOSE_CHECK.name().equals(s.state) && s.gatePassedAt != null
                        ? s.gatePassedAt.plus(times.gateValidity()) : null,
                SessionState.DOSE_AUTHORIZED.name().equals(s.state) && s.doseAuthorizedAt != null
                        ? s.doseAuthorizedAt.plus(times.tabletWindow()) : null,
                SessionType.DOSING.name().equals(s.type) ? DosingSession.nextSteps(SessionState.valueOf(s.state))
                        : SessionState.valueOf(s.state).ended() ? List.of() : List.of("complete", "abort", "cancel"),
                history, availability.integrationAfter(s), devices(s), address(s, plan));
    }

    private static List<SessionView.Device> devices(SessionRecord s) {
        return care.ketamine.session.device.PairedDevice.<care.ketamine.session.device.PairedDevice>list(
                        "sessionId = ?1 and revokedAt is null", Sort.ascending("pairedAt"), s.id).stream()
                .map(d -> new SessionView.Device(d.id, d.role, d.kind, d.label, d.cadenceSeconds, d.manufacturer, d.model,
                        d.firmware, d.pairedAt, d.expiresAt)).toList();
    }

    String write(Object value) {
        return json.write(value);
    }

    <T> T read(String value, Class<T> type) {
        return json.read(value, type);
    }
}
