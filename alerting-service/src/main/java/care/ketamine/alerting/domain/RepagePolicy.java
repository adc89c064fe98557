package care.ketamine.alerting.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * When an acknowledged alert is paged again, and why. Acknowledging says "I have it", not "it is over":
 * an alert that gets worse after it was acknowledged is paged again at once, naming the change, and
 * escalates afresh until it is acknowledged again; an acknowledged alert not resolved within its
 * severity's limit (15 minutes critical, 30 warning by default) is paged again to whoever acknowledged
 * it, and if it is still not resolved one more limit later the severity's escalation steps follow from
 * step 1, keeping their spacing. Informational alerts are not paged again.
 */
public record RepagePolicy(Duration criticalUnresolved, Duration warningUnresolved) {

    public RepagePolicy {
        if (notPositive(criticalUnresolved) || notPositive(warningUnresolved)) {
            throw new IllegalArgumentException("the limits for an acknowledged alert to be resolved are longer than zero");
        }
    }

    private static boolean notPositive(Duration d) {
        return d == null || d.isNegative() || d.isZero();
    }

    public static RepagePolicy defaults() {
        return new RepagePolicy(Duration.ofMinutes(15), Duration.ofMinutes(30));
    }

    /** How long an acknowledged alert of this severity may stay unresolved before its acknowledger is paged again. */
    public Optional<Duration> unresolvedLimit(Severity severity) {
        return switch (severity) {
            case CRITICAL -> Optional.of(criticalUnresolved);
            case WARNING -> Optional.of(warningUnresolved);
            case INFO -> Optional.empty();
        };
    }

    /** When the acknowledger is paged again about an alert acknowledged at {@code acknowledgedAt}, if ever. */
    public Optional<Instant> repageDue(Severity severity, Instant acknowledgedAt) {
        return unresolvedLimit(severity).map(acknowledgedAt::plus);
    }

    /**
     * The escalation after a re-page for an unresolved alert: step 1 one more limit after the re-page, the later
     * steps as far after it as the policy puts them after step 1.
     */
    public List<EscalationPolicy.Timer> escalationAfterRepage(EscalationPolicy policy, Instant repagedAt) {
        Optional<Duration> limit = unresolvedLimit(policy.severity());
        if (limit.isEmpty() || policy.steps().size() < 2) {
            return List.of();
        }
        Instant stepOneDue = repagedAt.plus(limit.get());
        return policy.timersAfter(0, stepOneDue.minus(policy.step(1).after()));
    }

    /** Why an acknowledged alert that got worse is paged again. */
    public static String worsened(Severity from, Severity to, String acknowledgedBy) {
        return "Worse since it was acknowledged by " + acknowledgedBy + ": " + from + " to " + to
                + "; acknowledge it again";
    }

    /** Why an acknowledged alert left unresolved is paged again. */
    public static String unresolved(String acknowledgedBy, Instant acknowledgedAt, Instant now) {
        return "Acknowledged by " + acknowledgedBy + " " + Duration.between(acknowledgedAt, now).toMinutes()
                + " min ago and still not resolved";
    }
}
