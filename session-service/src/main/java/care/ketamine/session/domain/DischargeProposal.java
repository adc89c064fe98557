package care.ketamine.session.domain;

import java.time.Instant;
import java.util.List;

/**
 * The system's discharge proposal at a moment: each criterion met or not, with the figures it
 * was judged on. The clinician confirms it, or overrides a criterion in writing; the monitoring
 * floor cannot be overridden.
 */
public record DischargeProposal(Instant at, List<Criterion> criteria) {

    public static final String VITALS = "vitals";
    public static final String SITTER = "sitter";
    public static final String PATIENT = "patient";
    public static final String ALERTS = "alerts";
    public static final String FLOOR = "floor";
    public static final List<String> NAMES = List.of(VITALS, SITTER, PATIENT, ALERTS, FLOOR);

    public DischargeProposal {
        criteria = List.copyOf(criteria);
    }

    /** One criterion: whether it is met, the figures, and whether a clinician may override it. */
    public record Criterion(String name, boolean met, String figures, boolean overridable) {
    }

    public boolean allMet() {
        return criteria.stream().allMatch(Criterion::met);
    }

    public List<Criterion> unmet() {
        return criteria.stream().filter(c -> !c.met()).toList();
    }
}
