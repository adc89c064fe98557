package care.ketamine.alerting.domain;

import java.time.Instant;

/**
 * A rule's finding about one session: what is wrong, how badly, and a measure to compare
 * occurrences by (larger is worse), so an alert can keep its worst value.
 *
 * @param rule       the rule's name, e.g. {@code bp-crisis}; with the session, the deduplication key
 * @param value      the finding as a clinician reads it, e.g. {@code 192/124 mm[Hg]}
 * @param measure    how far past the threshold, in the rule's unit; larger is worse
 * @param summary    one line for the alert list and the page
 * @param observedAt when the reading behind it was measured
 */
public record AlertCondition(String rule, Severity severity, String sessionId, String value, double measure,
                             String summary, Instant observedAt) {
}
