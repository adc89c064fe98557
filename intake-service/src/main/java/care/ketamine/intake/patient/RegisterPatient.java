package care.ketamine.intake.patient;

import care.ketamine.contracts.EventEnvelope;
import care.ketamine.contracts.Topics;
import care.ketamine.contracts.intake.PatientRegistered;
import care.ketamine.intake.InvalidRequest;
import care.ketamine.intake.audit.AuditTrail;
import care.ketamine.intake.care.CareTeam;
import care.ketamine.intake.domain.Breach;
import care.ketamine.intake.domain.CareAccess;
import care.ketamine.intake.domain.PatientDetails;
import care.ketamine.intake.domain.PatientDetailsRules;
import care.ketamine.platform.outbox.Outbox;
import care.ketamine.platform.problem.Problem;
import care.ketamine.platform.problem.ProblemException;
import care.ketamine.platform.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Use cases: intake registers, updates and reads a patient. */
@ApplicationScoped
public class RegisterPatient {

    private final PatientRepository patients;
    private final Outbox outbox;
    private final AuditTrail audit;
    private final CareTeam careTeam;
    private final Clock clock;
    private final PatientDetailsRules rules;

    public RegisterPatient(PatientRepository patients, Outbox outbox, AuditTrail audit, CareTeam careTeam, Clock clock) {
        this.patients = patients;
        this.outbox = outbox;
        this.audit = audit;
        this.careTeam = careTeam;
        this.clock = clock;
        this.rules = new PatientDetailsRules(clock);
    }

    @Transactional
    public PatientView register(PatientRequest request) {
        PatientDetails details = validDetails(request);
        patients.findByIdentity(details.identityKey()).ifPresent(existing -> {
            throw duplicate(existing.id);
        });
        Instant now = clock.instant();
        Patient patient = new Patient();
        patient.id = UUID.randomUUID();
        patient.registeredAt = now;
        patient.apply(details, now);
        patients.persist(patient);
        outbox.append(Topics.INTAKE_PATIENTS, EventEnvelope.wrap(PatientRegistered.TYPE, patient.id.toString(),
                new PatientRegistered(patient.id.toString(), now), clock));
        return PatientView.of(patient);
    }

    @Transactional
    public PatientView update(UUID id, PatientRequest request, Caller caller) {
        PatientDetails details = validDetails(request);
        Patient patient = patients.require(id);
        patients.findByIdentity(details.identityKey())
                .filter(other -> !other.id.equals(id))
                .ifPresent(other -> {
                    throw duplicate(other.id);
                });
        patient.apply(details, clock.instant());
        audit.read(caller, "patient.update", id);
        return PatientView.of(patient);
    }

    @Transactional
    public PatientView read(UUID id, Caller caller) {
        careTeam.requireAccess(caller, id, CareAccess.Part.REGISTRATION, "patient.read");
        Patient patient = patients.require(id);
        audit.read(caller, "patient.read", id);
        return PatientView.of(patient);
    }

    /** The request's shape is checked already (Bean Validation); these are the registration's own rules. */
    private PatientDetails validDetails(PatientRequest request) {
        PatientDetails details = request.toDetails();
        List<Breach> breaches = rules.check(details);
        if (!breaches.isEmpty()) {
            throw InvalidRequest.of("The patient was not saved: " + breaches.size() + " field(s) need attention", breaches);
        }
        return details;
    }

    private static ProblemException duplicate(UUID existingId) {
        return new ProblemException(Problem.of(Response.Status.CONFLICT,
                "A patient with this name, date of birth and phone is already registered").with("existingId", existingId));
    }
}
