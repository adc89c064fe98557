package care.ketamine.intake.urgentreview;

import care.ketamine.contracts.security.Roles;
import care.ketamine.intake.audit.AuditTrail;
import care.ketamine.intake.licence.ClinicianLicence;
import care.ketamine.intake.patient.Patient;
import care.ketamine.platform.security.Caller;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Use case: the open urgent-review tasks a clinician may take (patients in the states they are
 * licensed in, while their licence is active), or every open one for an admin; the most pressing
 * deadline first. Each patient shown is an audited read.
 */
@ApplicationScoped
public class ListUrgentReviews {

    static final String ACTION = "urgent-review.list";

    private final UrgentReviews reviews;
    private final AuditTrail audit;
    private final Clock clock;

    public ListUrgentReviews(UrgentReviews reviews, AuditTrail audit, Clock clock) {
        this.reviews = reviews;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    public List<UrgentReviewView> open(Caller caller) {
        List<UrgentReviewTask> tasks;
        if (Roles.ADMIN.equals(caller.role())) {
            tasks = UrgentReviewTask.list("closedAt is null", Sort.ascending("dueAt"));
        } else {
            ClinicianLicence licence = reviews.licenceOf(caller, ACTION, null);
            if (!licence.active) {
                throw reviews.refuse(caller, ACTION, null, "the clinician is not active");
            }
            tasks = UrgentReviewTask.list("closedAt is null and patientId in (select p.id from Patient p where p.usState in ?1)",
                    Sort.ascending("dueAt"), Set.of(licence.states));
        }
        Map<UUID, Patient> patients = tasks.isEmpty() ? Map.of()
                : Patient.<Patient>list("id in ?1", tasks.stream().map(t -> t.patientId).collect(Collectors.toSet()))
                .stream().collect(Collectors.toMap(p -> p.id, Function.identity()));
        Instant now = clock.instant();
        return tasks.stream().map(t -> {
            audit.read(caller, ACTION, t.patientId);
            return UrgentReviewView.of(t, patients.get(t.patientId), now);
        }).toList();
    }
}
