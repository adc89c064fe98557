package care.ketamine.session.clinician;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.sessions.ClinicianUpdated;
import care.ketamine.platform.outbox.Outbox;
import care.ketamine.session.InvalidRequest;
import care.ketamine.platform.problem.Problem;
import care.ketamine.platform.problem.ProblemException;
import care.ketamine.session.domain.Breach;
import care.ketamine.session.domain.ClinicianProfile;
import care.ketamine.session.domain.LicenceType;
import care.ketamine.session.domain.WeeklyHours;
import com.fasterxml.jackson.core.type.TypeReference;
import care.ketamine.platform.json.StoredJson;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Use cases: admins add and change clinicians and their leave. Every change is published on
 * {@code sessions.clinicians} through the outbox, so that intake can check licences.
 */
@ApplicationScoped
public class ManageClinicians {

    private final Outbox outbox;
    private final StoredJson json;
    private final Clock clock;

    private final jakarta.enterprise.event.Event<ClinicianActivityChanged> activityChanges;

    public ManageClinicians(Outbox outbox, StoredJson json, Clock clock,
                            jakarta.enterprise.event.Event<ClinicianActivityChanged> activityChanges) {
        this.activityChanges = activityChanges;
        this.outbox = outbox;
        this.json = json;
        this.clock = clock;
    }

    @Transactional
    public ClinicianView add(ClinicianRequest request) {
        ClinicianProfile profile = valid(request, null);
        if (Clinician.findById(profile.id()) != null) {
            throw new ProblemException(Problem.of(Response.Status.CONFLICT, "A clinician with this id exists")
                    .with("existingId", profile.id()));
        }
        Clinician clinician = new Clinician();
        clinician.id = profile.id();
        apply(clinician, profile);
        clinician.persist();
        publish(clinician);
        return view(clinician);
    }

    @Transactional
    public ClinicianView update(String id, ClinicianRequest request) {
        if (request.id() != null && !request.id().equals(id)) {
            throw invalid(List.of(new Breach("id", "must match the path, or be left out")));
        }
        ClinicianProfile profile = valid(request, id);
        Clinician clinician = require(id);
        apply(clinician, profile);
        publish(clinician);
        return view(clinician);
    }

    @Transactional
    public ClinicianView addLeave(String id, LeaveRequest request) {
        if (request.endsOn().isBefore(request.startsOn())) {
            throw invalid(List.of(new Breach("endsOn", "must not be before startsOn")));
        }
        Clinician clinician = require(id);
        ClinicianLeave leave = new ClinicianLeave();
        leave.id = UUID.randomUUID();
        leave.clinicianId = id;
        leave.startsOn = request.startsOn();
        leave.endsOn = request.endsOn();
        leave.reason = request.reason().strip();
        leave.persist();
        return view(clinician);
    }

    @Transactional
    public ClinicianView read(String id) {
        return view(require(id));
    }

    @Transactional
    public List<ClinicianView> list() {
        return Clinician.<Clinician>listAll(Sort.ascending("displayName")).stream().map(this::view).toList();
    }

    private static Clinician require(String id) {
        Clinician clinician = Clinician.findById(id);
        if (clinician == null) {
            throw ProblemException.notFound("Clinician " + id);
        }
        return clinician;
    }

    /** The profile of a request whose shape holds (ClinicianRequest), if it keeps the profile's rules. */
    private ClinicianProfile valid(ClinicianRequest request, String pathId) {
        ClinicianProfile profile = request.toProfile(pathId);
        List<Breach> problems = profile.problems();
        if (!problems.isEmpty()) {
            throw invalid(problems);
        }
        return profile;
    }

    private static ProblemException invalid(List<Breach> breaches) {
        return InvalidRequest.of("The clinician was not saved: " + breaches.size() + " problem(s)", breaches);
    }

    private void apply(Clinician c, ClinicianProfile p) {
        c.displayName = p.displayName().strip();
        c.licenceType = p.licenceType().name();
        c.states = p.licensedStates().stream().sorted().toArray(String[]::new);
        c.timezone = p.timezone();
        c.availability = json.write(p.availability());
        c.active = p.active();
        c.updatedAt = clock.instant();
        // A deactivated clinician's tokens stop working now, not at their exp.
        activityChanges.fire(new ClinicianActivityChanged(c.id, c.active));
    }

    private void publish(Clinician c) {
        Instant now = clock.instant();
        outbox.append(Topics.SESSIONS_CLINICIANS, EventEnvelope.wrap(ClinicianUpdated.TYPE, c.id,
                new ClinicianUpdated(c.id, c.displayName, c.licenceType, Set.of(c.states), c.active, now), clock));
    }

    private ClinicianView view(Clinician c) {
        List<ClinicianView.Leave> leave = ClinicianLeave.<ClinicianLeave>list("clinicianId", Sort.ascending("startsOn"), c.id)
                .stream().map(l -> new ClinicianView.Leave(l.id, l.startsOn, l.endsOn, l.reason)).toList();
        return new ClinicianView(c.id, c.displayName, c.licenceType, LicenceType.valueOf(c.licenceType).prescriber(),
                Set.of(c.states), c.timezone, json.read(c.availability, new TypeReference<List<WeeklyHours>>() {
                }), c.active, leave, c.updatedAt);
    }


}
