package care.ketamine.alerting.pagerduty;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PagerDuty incident of one round of an alert's escalation, named by its dedup key {@code <alert id>:<round>}.
 * An alert opened again (reopened, or worse since it was acknowledged, or paged again when not resolved in time) is in
 * a new round, so a new incident: an acknowledgement or resolution of an earlier one, however late it comes, names
 * a round that is over and touches nothing.
 */
public record PagerDutyIncident(UUID alertId, int round) {

    private static final Pattern KEY = Pattern.compile(
            "([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}):(0|[1-9][0-9]{0,8})");

    public String dedupKey() {
        return alertId + ":" + round;
    }

    /** The incident a dedup key (PagerDuty's {@code incident_key}) names; empty for a key that is not one of ours. */
    public static Optional<PagerDutyIncident> of(String dedupKey) {
        Matcher key = KEY.matcher(dedupKey == null ? "" : dedupKey);
        return key.matches() ? Optional.of(new PagerDutyIncident(UUID.fromString(key.group(1)), Integer.parseInt(key.group(2))))
                : Optional.empty();
    }
}
