package care.ketamine.alerting.escalation;

import care.ketamine.alerting.domain.EscalationPolicy;
import care.ketamine.alerting.domain.Severity;
import care.ketamine.platform.json.StoredJson;
import com.fasterxml.jackson.core.type.TypeReference;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.util.List;

/** The escalation policy per severity: as an admin set it, else the defaults. */
@ApplicationScoped
public class EscalationPolicies {

    private final EntityManager entityManager;
    private final StoredJson json;
    private final Clock clock;

    public EscalationPolicies(EntityManager entityManager, StoredJson json, Clock clock) {
        this.entityManager = entityManager;
        this.json = json;
        this.clock = clock;
    }

    @Transactional
    public EscalationPolicy of(Severity severity) {
        @SuppressWarnings("unchecked")
        List<String> rows = entityManager.createNativeQuery("SELECT steps FROM escalation_policy WHERE severity = ?1")
                .setParameter(1, severity.name()).getResultList();
        if (rows.isEmpty()) {
            return EscalationPolicy.defaults(severity);
        }
        List<PolicyStep> steps = json.read(rows.get(0), new TypeReference<List<PolicyStep>>() {
        });
        return new EscalationPolicy(severity, PolicyStep.toSteps(severity, steps));
    }

    /** Replaces the severity's policy; alerts raised from now on follow it. */
    @Transactional
    public void replace(EscalationPolicy policy, String by) {
        entityManager.createNativeQuery("""
                        INSERT INTO escalation_policy (severity, steps, updated_by, updated_at) VALUES (?1, ?2, ?3, ?4)
                        ON CONFLICT (severity) DO UPDATE SET steps = excluded.steps, updated_by = excluded.updated_by,
                                                             updated_at = excluded.updated_at""")
                .setParameter(1, policy.severity().name())
                .setParameter(2, json.write(policy.steps().stream().map(PolicyStep::of).toList()))
                .setParameter(3, by).setParameter(4, clock.instant()).executeUpdate();
    }
}
