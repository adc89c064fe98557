package care.ketamine.alerting.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * Rules on the session's own course. A session's end resolves nothing: an alert stays open, and
 * keeps escalating, until a person resolves it with a comment.
 */
public final class SessionRules {

    /** {@code pre-dose-gate}: the gate held the dose; the clinician is informed (INFO, no escalation). */
    public static final String PRE_DOSE_GATE = "pre-dose-gate";

    private SessionRules() {
    }

    /** A session moved to HELD by a failed gate (session-service's reason starts "gate failed"). */
    public static Optional<AlertCondition> gate(String sessionId, String state, String reason, Instant at) {
        if (!"HELD".equals(state) || reason == null || !reason.startsWith("gate failed")) {
            return Optional.empty();
        }
        return Optional.of(new AlertCondition(PRE_DOSE_GATE, Severity.INFO, sessionId, reason, 0,
                "Pre-dose gate held the dose: " + reason.substring("gate failed".length()).replaceFirst("^:\\s*", ""), at));
    }
}
